"""Every change to a worker: registration, correction, the status workflow,
duplicate review. Forms, the API, commands and imports all come through here.

A form's worker is checked by the import's own vectorised rules on a one-row
frame, so a clerk typing and a clerk uploading meet exactly the same rules.
"""

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from peduli.accounts.models import User
from peduli.core.changes import snapshots_mark_stale
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.core.nik import nik_error_field
from peduli.imports.reading import ROW_COLUMN
from peduli.imports.spec import ERROR_COLUMN, EXISTS_COLUMN, ImportOptions
from peduli.workers.dedup import duplicates_flag_for_worker
from peduli.workers.hooks import worker_merge_followers_run
from peduli.workers.importing import WORKER_IMPORT, history_rows_insert
from peduli.workers.models import DuplicateFlag, StatusChange, Worker
from peduli.workers.policy import (
    PROTECTABLE_BY_HAND,
    TRANSITIONS,
    worker_can_edit,
    worker_end_to_undo,
    worker_may_become,
)
from peduli.workers.selectors import open_duplicate_flags, workers_reaching_age_limit

Status = Worker.Status
FORM_FIELDS = (
    "name", "birth_place", "birth_date", "sex", "village_id", "district_id", "regency_id", "address", "rt", "rw",
    "phone", "occupation_id", "in_social_register", "has_disability", "woman_head_of_household", "kpj", "name_key",
)  # fmt: skip


@dataclass
class WorkerData:
    """A worker as a form or the API gives it: text as typed, codes and names
    as the import template has them."""

    nik: str
    name: str
    village: str  # Kemendagri code of the village
    occupation: str  # name of the occupation
    birth_place: str = ""
    birth_date: date | None = None
    sex: str = ""
    address: str = ""
    rt: str = ""
    rw: str = ""
    phone: str = ""
    in_social_register: bool = False
    has_disability: bool = False
    woman_head_of_household: bool = False
    kpj: str = ""


def _as_import_row(data: WorkerData) -> pl.DataFrame:
    values: dict[str, Any] = {k: (str(v) if v not in (None, "") else None) for k, v in asdict(data).items()}
    values["birth_date"] = data.birth_date.strftime("%d/%m/%Y") if data.birth_date else None
    for flag in ("in_social_register", "has_disability", "woman_head_of_household"):
        values[flag] = "ya" if getattr(data, flag) else "tidak"
    columns = {column.field for column in WORKER_IMPORT.columns}
    frame = pl.DataFrame({name: [values.get(name)] for name in columns}, schema=dict.fromkeys(columns, pl.String))
    typed = [pl.lit(False).alias(f"{name}_is_number") for name in columns]  # typed in a form, not a spreadsheet
    return frame.with_columns(pl.lit(1, dtype=pl.Int64).alias(ROW_COLUMN), *typed)


FORM = ImportOptions(one_record_form=True)


def worker_check(*, actor: User | None, data: WorkerData) -> tuple[dict[str, Any], bool]:
    """The cleaned fields of a worker and whether its NIK is already registered;
    raises ApplicationError with every problem found."""
    context = WORKER_IMPORT.prepare(actor=actor, options=FORM)
    row = WORKER_IMPORT.validate(_as_import_row(data), context).row(0, named=True)
    if row[ERROR_COLUMN]:
        field = nik_error_field(row["nik_error"]) if row["nik_error"] else None
        raise ApplicationError(row[ERROR_COLUMN], field=field)
    cleaned = {name: row[name] for name in FORM_FIELDS}
    for name in ("birth_place", "address", "rt", "rw", "phone", "kpj"):
        cleaned[name] = cleaned[name] or ""
    cleaned["nik"] = row["nik"]
    return cleaned, bool(row[EXISTS_COLUMN])


def _record(worker: Worker, *, actor: User | None, to: str, on: date, reason: str = "", note: str = "") -> None:
    StatusChange.objects.create(
        worker=worker, from_status=worker.status, to_status=to, effective_on=on, reason=reason, note=note, actor=actor
    )
    worker.status, worker.status_since = to, on
    snapshots_mark_stale(regency_id=worker.regency_id, since=YearMonth.of(on))


def _require_editable(actor: User | None, worker: Worker) -> None:
    if not worker_can_edit(actor, worker):
        raise ApplicationError(_("Anda tidak berwenang mengubah data pekerja ini."), code="forbidden")


def _flag_duplicates(worker: Worker) -> int:
    with connection.cursor() as cursor:
        return duplicates_flag_for_worker(cursor, worker_id=worker.pk)


@transaction.atomic
def worker_create(*, actor: User | None, data: WorkerData) -> Worker:
    """Register a worker; flags probable duplicates for review."""
    cleaned, exists = worker_check(actor=actor, data=data)
    if exists:
        holder = Worker.objects.get(nik=cleaned["nik"])
        raise ApplicationError(
            _("NIK ini sudah terdaftar atas nama %(name)s (%(village)s).")
            % {"name": holder.name, "village": holder.village.name},
            field="nik",
            code="nik_taken",
        )
    today, now = timezone.localdate(), timezone.now()
    worker = Worker(**cleaned, status=Status.REGISTERED, status_since=today, registered_by=actor, registered_at=now)
    worker._history_user = actor  # type: ignore[attr-defined]
    worker.save()
    StatusChange.objects.create(worker=worker, to_status=Status.REGISTERED, effective_on=today, actor=actor)
    _flag_duplicates(worker)
    return worker


@transaction.atomic
def worker_update(*, actor: User | None, worker: Worker, data: WorkerData) -> Worker:
    """Correct a worker's data. Clears a verifier's return note: the
    correction goes back to the verification queue."""
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    _require_editable(actor, worker)
    cleaned, exists = worker_check(actor=actor, data=data)
    if cleaned["nik"] != worker.nik and exists:
        raise ApplicationError(_("NIK ini sudah terdaftar untuk pekerja lain."), field="nik", code="nik_taken")
    for name, value in cleaned.items():
        setattr(worker, name, value)
    worker.returned_reason = ""
    worker._history_user = actor  # type: ignore[attr-defined]
    worker.save()
    _flag_duplicates(worker)
    return worker


@transaction.atomic
def worker_transition(
    *, actor: User | None, worker: Worker, to: str, on: date | None = None, reason: str = "", note: str = ""
) -> Worker:
    """Move a worker to another status along the workflow, recorded with why."""
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    _require_editable(actor, worker)
    if not worker_may_become(worker, to):
        raise ApplicationError(
            _("Status %(from)s tidak dapat diubah menjadi %(to)s.")
            % {"from": worker.get_status_display(), "to": Status(to).label},
            code="invalid_transition",
        )
    if to == Status.ENDED and reason not in Worker.EndReason.values:
        raise ApplicationError(_("Pilih alasan berakhir."), field="reason")
    if to == Status.PROTECTED and worker.status not in PROTECTABLE_BY_HAND:
        raise ApplicationError(
            _("Pekerja berstatus %(status)s terlindungi lagi setelah iurannya dibayar, tidak ditandai dengan tangan.")
            % {"status": worker.get_status_display()},
            code="invalid_transition",
        )
    if to == Status.PROTECTED and not worker.kpj:
        raise ApplicationError(
            _("Pekerja terlindungi bila punya nomor KPJ BPJS atau iuran yang dibayar; isi nomor KPJ dulu."),
            field="kpj",
        )
    _record(worker, actor=actor, to=to, on=on or timezone.localdate(), reason=reason, note=note)
    worker.end_reason = reason if to == Status.ENDED else ""
    worker._history_user = actor  # type: ignore[attr-defined]
    worker.save()
    return worker


@transaction.atomic
def worker_end_undo(*, actor: User | None, worker: Worker) -> Worker:
    """Take back an end recorded by mistake, the same day, by whoever recorded
    it or the labour office: the worker returns to the status it had, and
    both moves stay in its history."""
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    end = worker_end_to_undo(actor, worker)
    if end is None:
        raise ApplicationError(
            _("Pengakhiran ini tidak dapat dibatalkan lagi: hanya pada hari yang sama, oleh pencatatnya atau "
              "Disperinaker."), code="undo_refused",
        )  # fmt: skip
    before = worker.status_changes.filter(at__lt=end.at).exclude(pk=end.pk).order_by("-at", "-pk").first()
    since = before.effective_on if before is not None else timezone.localtime(worker.registered_at).date()
    StatusChange.objects.create(
        worker=worker, from_status=Status.ENDED, to_status=end.from_status, effective_on=timezone.localdate(),
        reason="undone", note=_("Pengakhiran dibatalkan (salah catat)."), actor=actor,
    )  # fmt: skip
    worker.status, worker.status_since, worker.end_reason = end.from_status, since, ""
    worker._history_user = actor  # type: ignore[attr-defined]
    worker._change_reason = _("pengakhiran dibatalkan")  # type: ignore[attr-defined]
    worker.save()
    snapshots_mark_stale(regency_id=worker.regency_id, since=YearMonth.of(end.effective_on))
    return worker


@transaction.atomic
def worker_verify(*, actor: User | None, worker: Worker) -> Worker:
    """The labour office or a district operator confirms a registration.

    Refused while a duplicate question is open, and for the person who
    registered it (four eyes); an operator at the command line (actor None)
    acts for the office."""
    if worker.status != Status.REGISTERED:
        # Protected, in arrears, lapsed: verified long ago; "verifying" again would undo its coverage status.
        raise ApplicationError(
            _("Data ini sudah diverifikasi (status %(status)s).") % {"status": worker.get_status_display()},
            code="invalid_transition",
        )
    if actor is not None and worker.registered_by_id == actor.pk:
        raise ApplicationError(_("Data yang Anda daftarkan sendiri diverifikasi oleh petugas lain."), code="four_eyes")
    if worker.returned_reason:
        raise ApplicationError(_("Data ini dikembalikan untuk diperbaiki; tunggu perbaikannya."))
    if open_duplicate_flags().filter(Q(worker=worker) | Q(candidate=worker)).exists():
        raise ApplicationError(_("Tinjau dulu kemungkinan duplikat pekerja ini."), code="open_duplicate")
    if worker.must_end_for_age:
        raise ApplicationError(_("Pekerja sudah berumur 65 tahun atau lebih; akhiri datanya."))
    worker = worker_transition(actor=actor, worker=worker, to=Status.VERIFIED)
    Worker.objects.filter(pk=worker.pk).update(verified_by=actor, verified_at=timezone.now())
    worker.refresh_from_db()
    return worker


@transaction.atomic
def worker_return(*, actor: User | None, worker: Worker, reason: str) -> Worker:
    """Send a registration back to the registrant with what to correct."""
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    _require_editable(actor, worker)
    if worker.status != Status.REGISTERED:
        raise ApplicationError(_("Hanya data berstatus terdaftar yang dapat dikembalikan."))
    if not reason.strip():
        raise ApplicationError(_("Tulis apa yang harus diperbaiki."), field="reason")
    StatusChange.objects.create(
        worker=worker, from_status=worker.status, to_status=worker.status, effective_on=timezone.localdate(),
        reason="returned", note=reason.strip(), actor=actor,
    )  # fmt: skip
    worker.returned_reason = reason.strip()
    worker._history_user = actor  # type: ignore[attr-defined]
    worker.save()
    return worker


@transaction.atomic
def workers_end_aged_out(*, actor: User | None, on: date) -> int:
    """End every worker who is 65 or older on `on` (BPJS ends BPU membership), set-based."""
    workers = list(workers_reaching_age_limit(Worker.objects.select_for_update(), on=on))
    StatusChange.objects.bulk_create(
        StatusChange(worker=w, from_status=w.status, to_status=Status.ENDED, effective_on=on,
                     reason=Worker.EndReason.AGED_OUT, actor=actor)
        for w in workers
    )  # fmt: skip
    for worker in workers:
        worker.status, worker.status_since, worker.end_reason = Status.ENDED, on, Worker.EndReason.AGED_OUT
    bulk_update_with_history(workers, Worker, ["status", "status_since", "end_reason"], default_user=actor)
    return len(workers)


@transaction.atomic
def duplicate_merge(*, actor: User | None, flag: DuplicateFlag, keep: Worker) -> Worker:
    """Keep one of two records of the same person; the other ends as a
    duplicate pointing at it, and what it knew that the kept one did not
    (phone, KPJ, address, priority flags, sponsorships with their dues) is
    carried over."""
    flag = DuplicateFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.status != DuplicateFlag.Status.OPEN:
        raise ApplicationError(_("Kemungkinan duplikat ini sudah ditinjau."))
    if keep.pk not in (flag.worker_id, flag.candidate_id):
        raise ApplicationError(_("Pilih salah satu dari dua data yang dibandingkan."), field="keep")
    kept = Worker.objects.select_for_update().get(pk=keep.pk)
    other = Worker.objects.select_for_update().get(
        pk=flag.candidate_id if keep.pk == flag.worker_id else flag.worker_id
    )
    for record in (kept, other):
        _require_editable(actor, record)
    worker_merge_followers_run(actor=actor, kept=kept, other=other)
    for name in ("phone", "kpj", "address", "rt", "rw"):
        if not getattr(kept, name):
            setattr(kept, name, getattr(other, name))
    for name in ("in_social_register", "has_disability", "woman_head_of_household"):
        setattr(kept, name, getattr(kept, name) or getattr(other, name))
    kept._history_user = actor  # type: ignore[attr-defined]
    kept.save()
    today = timezone.localdate()
    _record(other, actor=actor, to=Status.ENDED, on=today, reason=Worker.EndReason.DUPLICATE,
            note=_("Digabung ke NIK %(nik)s") % {"nik": kept.nik})  # fmt: skip
    other.end_reason, other.merged_into = Worker.EndReason.DUPLICATE, kept
    other._history_user = actor  # type: ignore[attr-defined]
    other.save()
    now = timezone.now()
    DuplicateFlag.objects.filter(pk=flag.pk).update(
        status=DuplicateFlag.Status.MERGED, resolved_by=actor, resolved_at=now
    )
    # Other questions about the record that is gone are answered by this merge.
    open_duplicate_flags().filter(Q(worker=other) | Q(candidate=other)).update(
        status=DuplicateFlag.Status.MERGED, resolved_by=actor, resolved_at=now
    )
    return kept


@transaction.atomic
def duplicate_dismiss(*, actor: User | None, flag: DuplicateFlag, note: str = "") -> DuplicateFlag:
    """Two different people after all: the pair is never flagged again."""
    flag = DuplicateFlag.objects.select_for_update().select_related("worker").get(pk=flag.pk)
    if flag.status != DuplicateFlag.Status.OPEN:
        raise ApplicationError(_("Kemungkinan duplikat ini sudah ditinjau."))
    _require_editable(actor, flag.worker)
    flag.status, flag.resolved_by, flag.resolved_at, flag.note = (
        DuplicateFlag.Status.DISMISSED, actor, timezone.now(), note.strip(),
    )  # fmt: skip
    flag.save()
    return flag


def workers_set_status(
    *,
    actor: User | None,
    worker_ids_sql: str,
    params: tuple[Any, ...],
    to: str,
    on: date,
    reason: str,
    from_statuses: Sequence[str] | None = None,
) -> list[int]:
    """Move every worker `worker_ids_sql` selects whose status may go to `to`
    (and is one of `from_statuses`, when given), set-based, each move recorded
    as a StatusChange; returns the ids moved. The ledger's coverage_sync calls
    this as payments and the calendar change who is protected."""
    allowed = [
        status
        for status, nexts in TRANSITIONS.items()
        if to in nexts and (from_statuses is None or status in from_statuses)
    ]
    placeholders = ", ".join(["%s"] * len(allowed))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, status, regency_id FROM workers_worker WHERE id IN ({worker_ids_sql}) "
            f"AND status IN ({placeholders})",
            [*params, *allowed],
        )
        moving = cursor.fetchall()
    if not moving:
        return []
    ids = [worker_id for worker_id, _status, _regency in moving]
    StatusChange.objects.bulk_create(
        StatusChange(worker_id=worker_id, from_status=status, to_status=to, effective_on=on, reason=reason,
                     actor=actor)
        for worker_id, status, _regency in moving
    )  # fmt: skip
    Worker.objects.filter(pk__in=ids).update(status=to, status_since=on)
    for regency_id in sorted({regency for _id, _status, regency in moving}):
        snapshots_mark_stale(regency_id=regency_id, since=YearMonth.of(on))
    return ids


def workers_kpj_record(cursor: CursorWrapper, *, table: str, actor: User | None, reason: str) -> None:
    """Give workers the KPJ numbers BPJS issued: the rows of the staged
    `table` (worker_id, nik, kpj) whose `_changed` is set. Set-based, each
    change written to the worker's history."""
    cursor.execute(
        f"UPDATE workers_worker SET kpj = s.kpj FROM {table} s WHERE workers_worker.id = s.worker_id AND s._changed"
    )
    history_rows_insert(cursor, table=table, actor=actor, at=timezone.now(), reason=reason)
