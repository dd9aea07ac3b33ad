"""Registering sponsored workers with BPJS Ketenagakerjaan: the file layout
(versioned templates), batches of workers sent, and BPJS's answers.

A batch is written set-based (one INSERT … SELECT of the eligible workers); a
worker is in at most one batch that was not rejected (a database
constraint), so two officers making a batch at once never send anyone twice.
Answers arrive as a file through the import engine
(`registration_importing`), whose merge calls `registration_answers_apply`.
"""

from typing import Any

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, require_role
from peduli.bpjs.models import RegistrationBatch, RegistrationEntry, RegistrationTemplate
from peduli.bpjs.registration_fields import FIELDS
from peduli.bpjs.registration_selectors import (
    registration_eligible_workers,
    registration_template_current,
)
from peduli.core.changes import snapshots_mark_stale
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.imports.spec import header_key
from peduli.regions.models import Region
from peduli.regions.selectors import instance_region_code
from peduli.workers.services import workers_kpj_record

Status = RegistrationEntry.Status
MAX_HEADER = 100


def registration_columns_check(columns: Any) -> list[dict[str, str]]:
    """The columns of a template, cleaned, or ApplicationError (field
    "columns") naming what to fix: unknown field, empty or repeated header."""
    if not isinstance(columns, list) or not columns:
        raise ApplicationError(_("Templat harus punya paling sedikit satu kolom."), field="columns")
    cleaned: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    problems: list[str] = []
    for number, column in enumerate(columns, start=1):
        if not isinstance(column, dict):
            problems.append(_("Kolom %(n)d harus berisi judul dan isian.") % {"n": number})
            continue
        header = " ".join(str(column.get("header") or "").split())
        field = str(column.get("field") or "").strip()
        if not header:
            problems.append(_("Judul kolom %(n)d kosong.") % {"n": number})
        elif len(header) > MAX_HEADER:
            problems.append(_("Judul kolom %(n)d lebih dari %(max)d huruf.") % {"n": number, "max": MAX_HEADER})
        elif header_key(header) in seen:
            problems.append(
                _('Judul kolom "%(header)s" dipakai dua kali (kolom %(first)d dan %(n)d).')
                % {"header": header, "first": seen[header_key(header)], "n": number}
            )
        else:
            seen[header_key(header)] = number
        if field not in FIELDS:
            problems.append(
                _('Isian "%(field)s" pada kolom %(n)d tidak dikenal.') % {"field": field or "—", "n": number}
            )
        cleaned.append({"header": header, "field": field})
    if not problems and "nik" not in {column["field"] for column in cleaned}:
        problems.append(_("Templat harus memuat kolom NIK: jawaban BPJS dicocokkan dengan NIK."))
    if problems:
        raise ApplicationError(" ".join(problems), field="columns")
    return cleaned


@transaction.atomic
def registration_template_save(
    *, actor: User | None, columns: Any, name: str = "", note: str = ""
) -> RegistrationTemplate:
    """Save an edited layout as a new version; batches made before keep the
    version they were written with."""
    require_role(actor, Capability.EXCHANGE_REGISTRATIONS)
    cleaned = registration_columns_check(columns)
    # Lock the newest version: two editors saving at once get consecutive versions.
    newest = RegistrationTemplate.objects.select_for_update().order_by("-version").first()
    name = " ".join(name.split()) or (newest.name if newest else "")
    if not name:
        raise ApplicationError(_("Isi nama templat."), field="name")
    if newest is not None and newest.columns == cleaned and newest.name == name:
        raise ApplicationError(_("Tidak ada yang diubah dari versi %(v)d.") % {"v": newest.version}, code="unchanged")
    return RegistrationTemplate.objects.create(
        version=(newest.version + 1) if newest else 1, name=name[:150], columns=cleaned, note=note.strip()[:255],
        created_by=actor,
    )  # fmt: skip


def _regency(code: str | None) -> Region:
    code = code or instance_region_code()
    region = Region.objects.filter(code=code, level=Region.Level.REGENCY).first() if code else None
    if region is None:
        raise ApplicationError(_("Pilih kabupaten/kota yang didaftarkan."), field="regency")
    return region


@transaction.atomic
def registration_batch_create(
    *, actor: User | None, regency_code: str | None = None, limit: int | None = None
) -> RegistrationBatch:
    """A new batch of every eligible worker of the regency (the instance's by
    default), or the first `limit` of them, with the current template."""
    require_role(actor, Capability.EXCHANGE_REGISTRATIONS)
    if limit is not None and limit < 1:
        raise ApplicationError(_("Jumlah pekerja per batch paling sedikit 1."), field="limit")
    regency = _regency(regency_code)
    batch = RegistrationBatch.objects.create(
        regency=regency, template=registration_template_current(), created_by=actor
    )
    eligible = registration_eligible_workers(regency_id=regency.pk, month=YearMonth.current()).values("pk")
    if limit is not None:
        eligible = eligible[:limit]
    sql, params = eligible.query.sql_with_params()
    with connection.cursor() as cursor:
        # A worker another officer's batch took a moment ago is skipped by the
        # partial unique index, not sent twice.
        cursor.execute(
            "INSERT INTO bpjs_registrationentry (batch_id, worker_id, status, kpj, rejection_reason) "
            f"SELECT %s, w.id, %s, '', '' FROM workers_worker w WHERE w.id IN ({sql}) ON CONFLICT DO NOTHING",
            [batch.pk, Status.SENT, *params],
        )
        count = max(cursor.rowcount, 0)
    if count == 0:
        raise ApplicationError(
            _(
                "Tidak ada pekerja yang perlu didaftarkan: semua pekerja yang dibiayai "
                "sudah punya KPJ atau sudah dikirim."
            ),
            code="nothing_to_send",
        )
    RegistrationBatch.objects.filter(pk=batch.pk).update(worker_count=count)
    batch.refresh_from_db()
    return batch


def registration_answers_apply(
    *, cursor: CursorWrapper, table: str, actor: User | None, reason: str
) -> tuple[int, int]:
    """Record BPJS's answers staged in `table` (entry_id, worker_id, nik,
    outcome, kpj, membership_start, reason, unchanged, _changed): the entries get
    their status, KPJ or reason; registered workers get their KPJ (audited in
    the worker's history). Set-based; returns (changed, unchanged)."""
    require_role(actor, Capability.EXCHANGE_REGISTRATIONS)
    now = timezone.now()
    cursor.execute(f"SELECT COUNT(*) FROM {table}")
    total = cursor.fetchone()[0]
    cursor.execute(
        "UPDATE bpjs_registrationentry SET status = s.outcome, kpj = COALESCE(s.kpj, ''), "
        "membership_start = s.membership_start, rejection_reason = COALESCE(s.reason, ''), responded_at = %s "
        f"FROM {table} s WHERE bpjs_registrationentry.id = s.entry_id AND NOT s.unchanged "
        "AND bpjs_registrationentry.status = %s",
        [now, Status.SENT],
    )
    changed = max(cursor.rowcount, 0)
    cursor.execute(
        f"UPDATE {table} SET _changed = TRUE WHERE outcome = %s AND NOT unchanged AND EXISTS "
        f"(SELECT 1 FROM workers_worker w WHERE w.id = {table}.worker_id AND w.kpj <> {table}.kpj)",
        [Status.REGISTERED],
    )
    workers_kpj_record(cursor, table=table, actor=actor, reason=reason)
    if changed:
        cursor.execute(
            f"SELECT DISTINCT w.regency_id FROM workers_worker w JOIN {table} s ON s.worker_id = w.id "
            "WHERE NOT s.unchanged"
        )
        for (regency_id,) in cursor.fetchall():
            snapshots_mark_stale(regency_id=regency_id, since=None)
    return changed, total - changed
