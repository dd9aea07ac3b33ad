"""BPJS's list of the regency's active non-wage (BPU) members for a month, and
its per-village counts, through the import engine.

The list's month is not a column: BPJS sends one file a month. The engine
keeps nothing per batch but the file and its name, so the month travels in
the name ("[2025-06] daftar-bpu.xlsx"; `name_with_month`) from the upload to
the dry run, its confirmation and a resumed run alike.

A list for month M extends each member's span (first_month = min(existing,
M or the membership start month), last_month = max(existing, M)) in one
INSERT … ON CONFLICT (nik) DO UPDATE: re-importing changes nothing and lists
may come in any order. Descriptive fields (KPJ, name, village, start date)
follow the newest list that gives them.
"""

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, actor_may
from peduli.bpjs.lookups import PlaceLookups, existing_keys
from peduli.core.changes import snapshots_mark_stale
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.core.nik import nik_check_frame
from peduli.core.parsing import date_cell, kpj_cell, text_cell, whole_number_cell
from peduli.imports.checks import problems_combined, problems_with_nik
from peduli.imports.reading import ROW_COLUMN
from peduli.imports.spec import ERROR_COLUMN, EXISTS_COLUMN, Column, ImportOptions, StagingColumn, WriteCounts
from peduli.ledger.coverage import coverage_sync

MONTH_MARK = re.compile(r"\[(\d{4}-\d{2})\]")


# The month in the file name ---------------------------------------------------------


def name_with_month(name: str, month: YearMonth) -> str:
    """The file name a list of `month` is stored under (any earlier mark replaced)."""
    return f"[{month}] {MONTH_MARK.sub('', Path(name).name).strip()}"


def month_of_name(name: str) -> YearMonth | None:
    match = MONTH_MARK.search(name)
    if match is None:
        return None
    try:
        return YearMonth.parse(match[1])
    except ValueError:
        return None


def batch_month(batch: Any) -> YearMonth:
    month = month_of_name(batch.original_name)
    if month is None:
        raise ApplicationError(
            _("Bulan daftar BPJS tidak diketahui: unggah lewat halaman impor BPJS dan pilih bulannya."), field="month"
        )
    return month


@contextmanager
def month_marked_copy(path: Path, month: YearMonth) -> Iterator[Path]:
    """A temporary copy of `path` named for `month`, for the command line (the
    engine stores its own copy of it)."""
    with tempfile.TemporaryDirectory(prefix="peduli-bpjs-") as folder:
        marked = Path(folder) / name_with_month(path.name, month)
        if path.is_file():
            shutil.copyfile(path, marked)
        yield marked


def _too_long(name: str, label: str, limit: int) -> pl.Expr:
    return pl.when(pl.col(name).str.len_chars() > limit).then(
        pl.lit(_("%(label)s terlalu panjang (lebih dari %(limit)d huruf).") % {"label": label, "limit": limit})
    )


# The member list -----------------------------------------------------------------------

MEMBER_COLUMNS = (
    Column(
        "nik", ("NIK", "No KTP", "Nomor NIK", "NIK Peserta"), required=True, identity=True, example="3324014507850001"
    ),
    Column("kpj", ("KPJ", "Nomor KPJ", "No KPJ", "No Kartu"), example="25012345678"),
    Column("name", ("Nama", "Nama Peserta", "Nama Lengkap", "Nama Tenaga Kerja"), example="Siti Aminah"),
    Column("village", ("Kode Desa", "Kode Kelurahan", "Kode Wilayah", "Kode Desa/Kel"), example="33.24.01.2001"),
    Column("village_name", ("Nama Desa", "Desa", "Kelurahan", "Desa/Kelurahan"), example="Sukodadi"),
    Column("district_name", ("Kecamatan", "Nama Kecamatan"), example="Kendal"),
    Column(
        "membership_start",
        ("Tanggal Mulai Kepesertaan", "Tgl Kepesertaan", "Tanggal Kepesertaan", "Mulai Kepesertaan", "TMT"),
        identity=True,
        example="01/03/2024",
    ),
)


class MemberListImport:
    """The ImportSpec of BPJS's monthly list of active non-wage members."""

    kind = "bpjs_members"
    label = gettext_lazy("Peserta BPU BPJS")
    key = "nik"
    columns = MEMBER_COLUMNS
    template_columns = MEMBER_COLUMNS
    preview_fields = ("nik", "kpj", "name", "village", "village_name", "membership_start")
    correctable = False
    staging = (
        StagingColumn(ROW_COLUMN, "bigint"),
        StagingColumn("nik", "text"),
        StagingColumn("kpj", "text"),
        StagingColumn("name", "text"),
        StagingColumn("village_id", "text"),
        StagingColumn("membership_start", "date"),
        StagingColumn("start_month", "date"),
        StagingColumn(EXISTS_COLUMN, "boolean"),
    )

    def may_import(self, actor: User | None) -> bool:
        return actor_may(actor, Capability.KEEP_MEMBERS)

    def prepare(self, *, actor: User | None, options: ImportOptions) -> PlaceLookups:
        return PlaceLookups.load()

    def validate(self, frame: pl.DataFrame, context: PlaceLookups) -> pl.DataFrame:
        frame = nik_check_frame(frame, district_codes=context.district_codes, today=context.today)
        start = date_cell("membership_start", pl.col("membership_start_is_number"))
        frame = frame.with_columns(
            kpj=kpj_cell("kpj"),
            name=text_cell("name"),
            membership_start=start,
            start_month=start.dt.truncate("1mo"),
            _start_text=text_cell("membership_start"),
        )
        frame = context.resolve_villages(frame)
        problems = [
            pl.when(pl.col("kpj").is_not_null() & ~pl.col("kpj").str.contains(r"^[0-9]{8,20}$")).then(
                pl.format(_('Nomor KPJ "{}" harus berupa 8–20 angka.'), pl.col("kpj"))
            ),
            _too_long("name", "Nama", 150),
            pl.col("_village_problem"),
            pl.when(pl.col("_start_text").is_not_null() & pl.col("membership_start").is_null()).then(
                pl.format(
                    _('Tanggal mulai kepesertaan "{}" bukan tanggal; tulis dd/mm/yyyy, misalnya 01/03/2024.'),
                    pl.col("_start_text"),
                )
            ),
            pl.when(pl.col("membership_start") > context.today).then(
                pl.lit(_("Tanggal mulai kepesertaan tidak boleh di masa depan."))
            ),
        ]
        frame = problems_with_nik(frame, problems)
        niks = frame.filter(pl.col(ERROR_COLUMN).is_null()).get_column("nik").to_list()
        known = existing_keys("bpjs_member", "nik", niks)
        return frame.with_columns(pl.col("nik").is_in(list(known)).alias(EXISTS_COLUMN))

    def write(
        self, *, cursor: CursorWrapper, table: str, batch: Any, actor: User | None, context: PlaceLookups
    ) -> WriteCounts:
        month = batch_month(batch)
        cursor.execute(
            f"SELECT COUNT(*), COUNT(m.id), MIN(s.start_month) FROM {table} s LEFT JOIN bpjs_member m ON m.nik = s.nik"
        )
        total, existing, earliest = cursor.fetchone()
        changed = members_upsert(cursor, table=table, month=month, regency_id=context.regency_id)
        created = total - existing
        if changed:
            since = min(month, YearMonth.of(_as_date(earliest))) if earliest else month
            snapshots_mark_stale(regency_id=context.regency_id, since=since)
            # Reported active or no longer: the registry's workers follow the list.
            coverage_sync(regency_id=context.regency_id)
        return WriteCounts(created=created, updated=changed - created, unchanged=existing - (changed - created))


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def members_upsert(cursor: CursorWrapper, *, table: str, month: YearMonth, regency_id: str) -> int:
    """Merge the staged members of a list of `month` in one statement; return
    how many members it created or changed (unchanged ones are not touched)."""
    least, greatest = ("LEAST", "GREATEST") if connection.vendor == "postgresql" else ("MIN", "MAX")
    day = month.first_day
    # Values of the newer-or-same list win; an older list only fills blanks.
    newer = "excluded.last_month >= bpjs_member.last_month"

    def follow(column: str, blank: str) -> str:
        new = f"NULLIF(excluded.{column}, {blank})" if blank else f"excluded.{column}"
        return (
            f"CASE WHEN {newer} THEN COALESCE({new}, bpjs_member.{column}) "
            f"ELSE COALESCE({f'NULLIF(bpjs_member.{column}, {blank})' if blank else f'bpjs_member.{column}'}, "
            f"excluded.{column}) END"
        )

    values = {
        "first_month": f"{least}(bpjs_member.first_month, excluded.first_month)",
        "last_month": f"{greatest}(bpjs_member.last_month, excluded.last_month)",
        "kpj": follow("kpj", "''"),
        "name": follow("name", "''"),
        "village_id": follow("village_id", ""),
        "membership_start": follow("membership_start", ""),
        "worker_id": "COALESCE(excluded.worker_id, bpjs_member.worker_id)",
    }
    changes = " OR ".join(
        f"bpjs_member.{column} IS DISTINCT FROM ({value})"
        if connection.vendor == "postgresql"
        else f"bpjs_member.{column} IS NOT ({value})"
        for column, value in values.items()
    )
    assignments = ", ".join(f"{column} = {value}" for column, value in values.items())
    cursor.execute(
        "INSERT INTO bpjs_member (regency_id, nik, kpj, name, village_id, worker_id, membership_start, "
        "first_month, last_month, updated_at) "
        "SELECT %(regency)s, s.nik, COALESCE(s.kpj, ''), COALESCE(s.name, ''), COALESCE(s.village_id, w.village_id), "
        "w.id, s.membership_start, "
        "CASE WHEN s.start_month < %(month)s THEN s.start_month ELSE %(month)s END, %(month)s, %(now)s "
        f"FROM {table} s LEFT JOIN workers_worker w ON w.nik = s.nik WHERE TRUE "
        f"ON CONFLICT (nik) DO UPDATE SET {assignments}, updated_at = excluded.updated_at WHERE {changes}",
        {"regency": regency_id, "month": day, "now": timezone.now()},
    )
    return max(cursor.rowcount, 0)


# Per-village counts ----------------------------------------------------------------------

COUNT_COLUMNS = (
    Column("village", ("Kode Desa", "Kode Kelurahan", "Kode Wilayah", "Kode Desa/Kel"), example="33.24.01.2001"),
    Column("count", ("Jumlah", "Jumlah Peserta", "Peserta Aktif", "Jumlah Peserta BPU"), required=True, example="125"),
    Column("village_name", ("Nama Desa", "Desa", "Kelurahan", "Desa/Kelurahan"), example="Sukodadi"),
    Column("district_name", ("Kecamatan", "Nama Kecamatan"), example="Kendal"),
)
MAX_COUNT = 1_000_000


class MemberCountImport:
    """The ImportSpec of BPJS's per-village counts of active non-wage members."""

    kind = "bpjs_member_counts"
    label = gettext_lazy("Jumlah peserta BPU per desa")
    key = "village_id"
    columns = COUNT_COLUMNS
    template_columns = COUNT_COLUMNS
    preview_fields = ("village", "village_name", "count")
    correctable = False
    staging = (
        StagingColumn(ROW_COLUMN, "bigint"),
        StagingColumn("village_id", "text"),
        StagingColumn("count", "bigint"),
        StagingColumn(EXISTS_COLUMN, "boolean"),
    )

    def may_import(self, actor: User | None) -> bool:
        return MEMBER_LIST_IMPORT.may_import(actor)

    def prepare(self, *, actor: User | None, options: ImportOptions) -> PlaceLookups:
        return PlaceLookups.load()

    def validate(self, frame: pl.DataFrame, context: PlaceLookups) -> pl.DataFrame:
        frame = context.resolve_villages(frame)
        count = whole_number_cell("count", is_number=pl.col("count_is_number"), max_digits=len(str(MAX_COUNT)))
        frame = frame.with_columns(count=count, _count_text=text_cell("count"))
        problems = [
            pl.when(pl.col("_code").is_null() & pl.col("_village_key").is_null()).then(
                pl.lit(_("Kode desa atau nama desa wajib diisi."))
            ),
            pl.col("_village_problem"),
            pl.when(pl.col("_count_text").is_null()).then(pl.lit(_("Jumlah wajib diisi."))),
            pl.when(
                pl.col("_count_text").is_not_null()
                & (pl.col("count").is_null() | (pl.col("count") < 0) | (pl.col("count") > MAX_COUNT))
            ).then(pl.format(_('Jumlah "{}" bukan bilangan bulat 0 atau lebih.'), pl.col("_count_text"))),
        ]
        return problems_combined(frame, problems).with_columns(pl.lit(False).alias(EXISTS_COLUMN))

    def write(
        self, *, cursor: CursorWrapper, table: str, batch: Any, actor: User | None, context: PlaceLookups
    ) -> WriteCounts:
        month = batch_month(batch)
        params = {"regency": context.regency_id, "month": month.first_day, "source": batch.original_name[:255]}
        cursor.execute(
            f"SELECT COUNT(*), COUNT(c.id) FROM {table} s "
            "LEFT JOIN bpjs_membercount c ON c.village_id = s.village_id AND c.month = %(month)s",
            params,
        )
        total, existing = cursor.fetchone()
        cursor.execute(
            "INSERT INTO bpjs_membercount (regency_id, village_id, month, count, source) "
            f"SELECT %(regency)s, s.village_id, %(month)s, s.count, %(source)s FROM {table} s WHERE TRUE "
            "ON CONFLICT (village_id, month) DO UPDATE SET count = excluded.count, source = excluded.source "
            "WHERE bpjs_membercount.count <> excluded.count",
            params,
        )
        changed = max(cursor.rowcount, 0)
        if changed:
            snapshots_mark_stale(regency_id=context.regency_id, since=month)
        created = total - existing
        return WriteCounts(created=created, updated=changed - created, unchanged=existing - (changed - created))


MEMBER_LIST_IMPORT = MemberListImport()
MEMBER_COUNT_IMPORT = MemberCountImport()
