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

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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
from peduli.accounts.roles import Capability, may
from peduli.core.changes import snapshots_mark_stale
from peduli.core.dates import within_programme_dates
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.core.nik import nik_check_frame
from peduli.core.parsing import DATE_FORMATS
from peduli.imports.reading import ROW_COLUMN
from peduli.imports.spec import ERROR_COLUMN, EXISTS_COLUMN, Column, StagingColumn, WriteCounts
from peduli.ledger.coverage import coverage_sync
from peduli.regions.models import Region
from peduli.regions.selectors import district_codes, instance_regency
from peduli.workers.importing import WorkerImport

EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's date serial numbers
MONTH_MARK = re.compile(r"\[(\d{4}-\d{2})\]")
SEPARATOR = "\x1f"  # the unit separator: never in a NIK or a claim number
NAME_WORDS = re.compile(r"^(desa|kelurahan|kel|ds|kecamatan|kec)\b\.?\s*")


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


# Cells ------------------------------------------------------------------------------------


def text_expr(name: str) -> pl.Expr:
    return pl.col(name).cast(pl.String).str.strip_chars().str.replace_all(r"\s+", " ")


def date_expr(name: str) -> pl.Expr:
    """A dd/mm/yyyy or yyyy-mm-dd text, a date cell, or an Excel serial number."""
    raw = text_expr(name)
    serial = pl.when(pl.col(f"{name}_is_number") & raw.str.contains(r"^[0-9]{5}$")).then(
        pl.lit(EXCEL_EPOCH) + pl.duration(days=raw.cast(pl.Int64, strict=False))
    )
    return within_programme_dates(pl.coalesce([*[raw.str.to_date(fmt, strict=False) for fmt in DATE_FORMATS], serial]))


def _name_key(expr: pl.Expr) -> pl.Expr:
    words = expr.cast(pl.String).str.to_lowercase().str.strip_chars().str.replace(NAME_WORDS.pattern, "")
    return words.str.replace_all(r"[^a-z0-9]", "")


def village_code_expr(name: str) -> pl.Expr:
    """33.24.01.2001 however it is typed (with or without dots)."""
    digits = pl.col(name).cast(pl.String).str.replace_all(r"[^0-9]", "")
    dotted = pl.format(
        "{}.{}.{}.{}", digits.str.slice(0, 2), digits.str.slice(2, 2), digits.str.slice(4, 2), digits.str.slice(6, 4)
    )
    return pl.when(digits.str.len_chars() == 10).then(dotted).otherwise(digits)


def in_list_sql(column: str, values: list[str]) -> tuple[str, list[Any]]:
    """`column IN values` with one text parameter: split by PostgreSQL (far
    cheaper to send than an array of 100,000 strings), a JSON array on SQLite."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(string_to_array(%s, %s))", [SEPARATOR.join(values), SEPARATOR]
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(values)]


def existing_keys(table: str, column: str, values: list[str]) -> set[str]:
    condition, params = in_list_sql(column, values)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {condition}", params)
        return {row[0] for row in cursor.fetchall()}


# Lookups ----------------------------------------------------------------------------------


@dataclass
class PlaceLookups:
    regency_id: str
    district_codes: set[str]
    villages: pl.DataFrame  # village_id, _village_key, _district_key of the regency
    today: date

    @classmethod
    def load(cls) -> "PlaceLookups":
        regency_id = instance_regency().code
        rows = Region.objects.filter(level=Region.Level.VILLAGE, code__startswith=f"{regency_id}.").values_list(
            "code", "name", "parent__name"
        )
        villages = pl.DataFrame(
            list(rows), schema={"village_id": pl.String, "_vname": pl.String, "_dname": pl.String}, orient="row"
        ).select("village_id", _village_key=_name_key(pl.col("_vname")), _district_key=_name_key(pl.col("_dname")))
        return cls(
            regency_id=regency_id, district_codes=district_codes(), villages=villages, today=timezone.localdate()
        )

    def resolve_villages(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Add `village_id` from `village` (a code) or `village_name` (+ `district_name`),
        and `_village_problem` (a message, null when fine or when no village was given)."""
        known = self.villages.select("village_id", _known=pl.lit(True))
        frame = frame.with_columns(
            _code=village_code_expr("village"),
            _village_key=_name_key(pl.col("village_name")),
            _district_key=_name_key(pl.col("district_name")),
        ).join(known, left_on="_code", right_on="village_id", how="left")
        by_both = self.villages.select("_village_key", "_district_key", _by_both=pl.col("village_id"))
        counted = self.villages.group_by("_village_key").agg(_by_name=pl.col("village_id").first(), _same_name=pl.len())
        frame = frame.join(by_both, on=["_village_key", "_district_key"], how="left").join(
            counted, on="_village_key", how="left"
        )
        by_name = pl.when(pl.col("_district_key").is_null() & (pl.col("_same_name") == 1)).then(pl.col("_by_name"))
        frame = frame.with_columns(
            village_id=pl.when(pl.col("_code").is_not_null())
            .then(pl.when(pl.col("_known")).then(pl.col("_code")))
            .otherwise(pl.coalesce(pl.col("_by_both"), by_name))
        )
        problem = (
            pl.when(pl.col("_code").is_not_null() & pl.col("village_id").is_null())
            .then(pl.format(_("Kode desa {} tidak ada di kabupaten ini."), pl.col("village")))
            .when(pl.col("_code").is_null() & pl.col("_village_key").is_not_null() & pl.col("village_id").is_null())
            .then(
                pl.when(pl.col("_district_key").is_null() & (pl.col("_same_name") > 1))
                .then(pl.format(_('Ada beberapa desa bernama "{}"; isi juga kecamatannya.'), pl.col("village_name")))
                .otherwise(pl.format(_('Desa "{}" tidak ditemukan di kabupaten ini.'), pl.col("village_name")))
            )
        )
        return frame.with_columns(_village_problem=problem)


def combine_problems(frame: pl.DataFrame, problems: list[pl.Expr]) -> pl.DataFrame:
    """Join a row's NIK message and its other problems into `_error` (null
    for a valid row), the way the worker import does."""
    others = pl.concat_str(problems, separator=" ", ignore_nulls=True)
    return WorkerImport._with_nik_messages(frame.with_columns(_other_errors=others))


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
        return actor is None or may(actor, Capability.KEEP_MEMBERS)

    def prepare(self, *, actor: User | None) -> PlaceLookups:
        return PlaceLookups.load()

    def validate(self, frame: pl.DataFrame, context: PlaceLookups) -> pl.DataFrame:
        frame = nik_check_frame(frame, district_codes=context.district_codes, today=context.today)
        start = date_expr("membership_start")
        frame = frame.with_columns(
            kpj=pl.col("kpj").cast(pl.String).str.replace_all(r"[\s.\-]", ""),
            name=text_expr("name"),
            membership_start=start,
            start_month=start.dt.truncate("1mo"),
            _start_text=text_expr("membership_start"),
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
        frame = combine_problems(frame, problems)
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
    staging = (
        StagingColumn(ROW_COLUMN, "bigint"),
        StagingColumn("village_id", "text"),
        StagingColumn("count", "bigint"),
        StagingColumn(EXISTS_COLUMN, "boolean"),
    )

    def may_import(self, actor: User | None) -> bool:
        return MEMBER_LIST_IMPORT.may_import(actor)

    def prepare(self, *, actor: User | None) -> PlaceLookups:
        return PlaceLookups.load()

    def validate(self, frame: pl.DataFrame, context: PlaceLookups) -> pl.DataFrame:
        frame = context.resolve_villages(frame)
        count_text = pl.col("count").cast(pl.String).str.replace_all(r"[\s.,]", "")
        frame = frame.with_columns(count=count_text.cast(pl.Int64, strict=False), _count_text=text_expr("count"))
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
        combined = pl.concat_str(problems, separator=" ", ignore_nulls=True)
        frame = frame.with_columns(pl.when(combined != "").then(combined).alias(ERROR_COLUMN))
        return frame.with_columns(pl.lit(False).alias(EXISTS_COLUMN))

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
