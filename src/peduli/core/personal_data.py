"""The personal-data access log's one mechanism (UU 27/2022; ADR 0018).

A model that holds personal data says which of its columns are personal
(`personal_fields`) and under what name the log files them
(`personal_subject`); its history table inherits both. While a request (or a
`peduli` command) runs, `watching` looks at every SELECT sent to any
database: one that names a personal column of such a table is a read of
personal data, and when the request ends one access-log row records who read
which kinds of data, where. A view never has to remember to log: it may only
add what the SQL cannot tell (`personal_data_note`: how many rows, which
record, an export rather than a look).

Counting queries (`COUNT(*)`, sums by district) name no personal column and
are not reads; a lookup by NIK is (it tells whether the person exists).
"""

import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connections
from django.http import HttpRequest, HttpResponse

from peduli.core.models import AccessLog


@dataclass
class Note:
    """What a view adds to its request's log row."""

    subject: str = ""
    action: str = ""
    object_id: object = ""
    row_count: int | None = None
    detail: str = ""


@dataclass
class Reads:
    """The personal data one request or command has read so far."""

    subjects: set[str] = field(default_factory=set)
    notes: list[Note] = field(default_factory=list)
    paused: int = 0


_current: ContextVar[Reads | None] = ContextVar("personal_data_reads", default=None)


@cache
def personal_columns() -> dict[str, tuple[str, frozenset[str]]]:
    """Table → (subject, personal columns), from every model that declares
    `personal_fields`, and their history tables (django-simple-history)."""
    tables: dict[str, tuple[str, frozenset[str]]] = {}
    for model in apps.get_models():
        origin = getattr(model, "instance_type", None)
        declaring = origin if origin is not None and hasattr(origin, "personal_fields") else model
        names = getattr(declaring, "personal_fields", None)
        if not names:
            continue
        subject = str(getattr(declaring, "personal_subject")) + ("_history" if declaring is not model else "")  # noqa: B009
        columns = frozenset(str(getattr(model._meta.get_field(name), "column")) for name in names)  # noqa: B009
        tables[model._meta.db_table] = (subject, columns)
    return tables


@cache
def _table_pattern() -> re.Pattern[str]:
    names = "|".join(re.escape(table) for table in sorted(personal_columns(), key=len, reverse=True))
    return re.compile(rf'"({names})"(?:\s+(?:AS\s+)?"?([A-Z]\d+)\b"?)?')


_COLUMN = re.compile(r'"?(\w+)"?\."(\w+)"')
# How many distinct people, not who: counting a column reads nobody's value.
_COUNTED = re.compile(r'COUNT\((?:DISTINCT )?"?\w+"?\."\w+"\)')


def subjects_read_by(sql: str) -> set[str]:
    """The subjects whose personal columns a SELECT names (table or alias)."""
    if not sql.lstrip(" (").upper().startswith(("SELECT", "WITH")):
        return set()
    tables = personal_columns()
    by_name: dict[str, str] = {}
    for match in _table_pattern().finditer(sql):
        table, alias = match.group(1), match.group(2)
        by_name[table] = table
        if alias:
            by_name[alias] = table
    if not by_name:
        return set()
    found = set()
    for name, column in _COLUMN.findall(_COUNTED.sub("", sql)):
        table = by_name.get(name)
        if table is not None and column in tables[table][1]:
            found.add(tables[table][0])
    return found


def _watcher(reads: Reads) -> Any:
    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not many and not reads.paused:
            reads.subjects |= subjects_read_by(sql)
        return execute(sql, params, many, context)

    return watch


@contextmanager
def watching() -> Iterator[Reads]:
    """Record the personal data read by any database under this block."""
    reads = Reads()
    token = _current.set(reads)
    try:
        with ExitStack() as stack:
            for connection in connections.all(initialized_only=False):
                stack.enter_context(connection.execute_wrapper(_watcher(reads)))
            yield reads
    finally:
        _current.reset(token)


@contextmanager
def own_account_read() -> Iterator[None]:
    """Reads under this block are of the caller's own account (who is
    calling: the session's or the API token's user) and are not logged —
    the own-row rule: everyone sees their own e-mail and phone."""
    reads = _current.get()
    if reads is not None:
        reads.paused += 1
    try:
        yield
    finally:
        if reads is not None:
            reads.paused -= 1


def personal_data_note(
    *, subject: str = "", action: str = "", object_id: object = "", row_count: int | None = None, detail: str = ""
) -> None:
    """Tell the log of the current request what the SQL cannot: how many
    rows, which record, that this is an export. Outside any request or
    command (a test calling a service), nothing is watching: the note is
    not lost but written at once, by nobody."""
    note = Note(subject=subject, action=action, object_id=object_id, row_count=row_count, detail=detail)
    reads = _current.get()
    if reads is None:
        if subject:
            _write(user=None, reads=Reads(notes=[note]), action=AccessLog.Action.VIEW, where="")
    else:
        reads.notes.append(note)


def log_reads(*, user: AbstractBaseUser | AnonymousUser | None, reads: Reads, action: str, where: str) -> int:
    """Write the access-log rows of what was read (none when nothing was);
    how many were written."""
    if not reads.subjects and not any(note.subject for note in reads.notes):
        return 0
    return _write(user=user, reads=reads, action=action, where=where)


def _given(note: Note) -> dict[str, Any]:
    return {name: value for name, value in vars(note).items() if value not in ("", None)}


def _write(*, user: AbstractBaseUser | AnonymousUser | None, reads: Reads, action: str, where: str) -> int:
    user_id = user.pk if user is not None and user.is_authenticated else None
    derived = ",".join(sorted(reads.subjects))
    # A note without a subject refines the row of what the SQL saw; one with
    # a subject is a row of its own, taking what it leaves out from the others.
    common: dict[str, Any] = {}
    for note in reads.notes:
        if not note.subject:
            common.update(_given(note))
    notes = [Note(**{**common, **_given(note)}) for note in reads.notes if note.subject] or [Note(**common)]
    AccessLog.objects.bulk_create(
        AccessLog(
            user_id=user_id,
            action=note.action or action,
            subject=(note.subject or derived)[:64],
            object_id=str(note.object_id)[:64],
            row_count=1 if note.row_count is None else note.row_count,
            detail=" ".join(part for part in (where, note.detail) if part)[:255],
        )
        for note in notes
    )
    return len(notes)


def _action_of(request: HttpRequest, response: HttpResponse) -> str:
    content_type = response.get("Content-Type", "")
    if response.has_header("Content-Disposition") or not content_type.startswith(("text/html", "application/json")):
        return AccessLog.Action.EXPORT
    return AccessLog.Action.API_READ if request.path.startswith("/api/") else AccessLog.Action.VIEW


class PersonalDataAccessMiddleware:
    """Watches every request's queries and logs the personal data it read
    (a response under 400: a refusal or a 404 took nothing away)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with watching() as reads:
            with own_account_read():  # who is asking: the session's user, loaded once here
                getattr(getattr(request, "user", None), "is_authenticated", None)
            response = self.get_response(request)
        if response.status_code < 400:
            query = request.GET.urlencode()
            match = request.resolver_match
            reads.notes.insert(0, Note(object_id=match.kwargs.get("pk", "") if match else ""))
            log_reads(
                user=getattr(request, "user", None), reads=reads, action=_action_of(request, response),
                where=f"{request.method} {request.path}" + (f"?{query}" if query else ""),
            )  # fmt: skip
        return response
