"""Turning django-simple-history records into "who changed what, from what to
what" for the history tab of detail pages."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

KIND = {"+": _("dibuat"), "~": _("diubah"), "-": _("dihapus")}


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: str
    kind: str
    reason: str
    changes: list[Change]


def _display(model: type[models.Model], field_name: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    choices = getattr(model._meta.get_field(field_name), "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def history_entries(instance: models.Model, *, limit: int = 100) -> list[HistoryEntry]:
    """The newest `limit` changes of `instance`, each with its field changes."""
    model = type(instance)
    history = instance.history  # type: ignore[attr-defined]  # added by simple-history
    records = list(history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes: list[Change] = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            changes = [
                Change(
                    field=str(getattr(model._meta.get_field(change.field), "verbose_name", change.field)),
                    old=_display(model, change.field, change.old),
                    new=_display(model, change.field, change.new),
                )
                for change in delta.changes
                # A field the system derives (a name's key) is no one's change.
                if model._meta.get_field(change.field).editable
            ]
        user = record.history_user
        entries.append(
            HistoryEntry(
                at=record.history_date,
                who=str(user) if user else _("sistem / perintah operator"),
                kind=KIND.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries
