"""Informal workers per district from a BPS-style spreadsheet, through the
shared import engine.

A row is one district (by Kemendagri code or name) in one year, or the whole
regency (a "Jumlah" / "Kabupaten Kendal" row, or the regency's code). A
figure already recorded for the same place and year is replaced. The share a
file prints is kept only to be checked: Peduli computes every percentage
itself. What does not add up (shares summing to 101%, a printed share that is
not count ÷ total, districts that do not add up to the regency's row) is
flagged, not refused — `baseline_import_warnings` tells the wizard and the
command.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import polars as pl
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, actor_may
from peduli.core.changes import snapshots_mark_stale
from peduli.core.parsing import district_code_cell, percent_cell, place_key_cell, text_cell, whole_number_cell
from peduli.imports.checks import problems_combined
from peduli.imports.engine import chunk_checked, header_mapping
from peduli.imports.models import ImportBatch
from peduli.imports.reading import ROW_COLUMN, read_table
from peduli.imports.registry import spec_for
from peduli.imports.spec import (
    ERROR_COLUMN,
    EXISTS_COLUMN,
    Column,
    ImportOptions,
    StagingColumn,
    WriteCounts,
    header_key,
)
from peduli.regions.models import Region
from peduli.regions.selectors import instance_region_code
from peduli.reporting.baselines.selectors import Figure, district_count, figures_warnings
from peduli.reporting.baselines.services import BASELINE_YEARS_AHEAD, FIRST_YEAR, SOURCE_MAX
from peduli.reporting.models import InformalWorkerBaseline

KEY = "baseline_key"
REGENCY_ROW = ""  # district_id of a regency's own row, in keys and lookups
TOTAL_WORDS = {"jumlah", "total", "jumlahtotal", "kabupaten", "jumlahkabupaten"}
MAX_WORKERS_DIGITS = 9  # more than 999 million informal workers in one regency is a typo


@dataclass
class BaselineImportContext:
    regency: Region | None
    today_year: int
    codes: dict[str, str] = field(default_factory=dict)  # Kemendagri code → district name
    by_name: dict[str, str] = field(default_factory=dict)  # name key → code
    regency_names: set[str] = field(default_factory=set)  # name keys of a regency row


def _existing(regency: Region, years: list[int]) -> pl.DataFrame:
    found = InformalWorkerBaseline.objects.filter(regency=regency, year__in=years).values_list("district_id", "year")
    return pl.DataFrame(
        [(district or REGENCY_ROW, year) for district, year in found],
        schema={"_place": pl.String, "year": pl.Int64},
        orient="row",
    ).with_columns(pl.lit(True).alias(EXISTS_COLUMN))


class BaselineImport:
    """The ImportSpec of informal-worker counts per district and year."""

    kind = "baselines"
    label = gettext_lazy("Data pekerja informal")
    key = KEY
    preview_fields = ("district_name", "year", "informal_workers", "share", "source")
    correctable = False

    @property
    def columns(self) -> tuple[Column, ...]:
        # The district's name first: the engine names the first column when a
        # place and year repeat within the file.
        return BASELINE_COLUMNS

    @property
    def template_columns(self) -> tuple[Column, ...]:
        return (BASELINE_COLUMNS[1], BASELINE_COLUMNS[0], *BASELINE_COLUMNS[2:])

    staging = (
        StagingColumn(ROW_COLUMN, "bigint"),
        StagingColumn("district_id", "text"),
        StagingColumn("year", "integer"),
        StagingColumn("informal_workers", "bigint"),
        StagingColumn("stated_share_pct", "text"),
        StagingColumn("source", "text"),
        StagingColumn(EXISTS_COLUMN, "boolean"),
    )

    def may_import(self, actor: User | None) -> bool:
        return actor_may(actor, Capability.EDIT_BASELINES)

    def prepare(self, *, actor: User | None, options: ImportOptions) -> BaselineImportContext:
        regency = Region.objects.filter(code=instance_region_code(), level=Region.Level.REGENCY).first()
        context = BaselineImportContext(regency=regency, today_year=timezone.localdate().year)
        if regency is None:
            return context
        for code, name in Region.objects.filter(parent=regency, level=Region.Level.DISTRICT).values_list(
            "code", "name"
        ):
            context.codes[code] = name
            context.by_name[header_key(name)] = code
        regency_key = header_key(regency.name.removeprefix("Kabupaten ").removeprefix("Kota "))
        context.regency_names = TOTAL_WORDS | {f"kabupaten{regency_key}", f"kab{regency_key}", f"kota{regency_key}"}
        return context

    def validate(self, frame: pl.DataFrame, context: BaselineImportContext) -> pl.DataFrame:
        regency_code = context.regency.code if context.regency else ""
        codes = pl.DataFrame(
            {"_code": list(context.codes), "_code_name": list(context.codes.values())},
            schema={"_code": pl.String, "_code_name": pl.String},
        )
        names = pl.DataFrame(
            {"_name_key": list(context.by_name), "_named_code": list(context.by_name.values())},
            schema={"_name_key": pl.String, "_named_code": pl.String},
        )
        frame = frame.with_columns(
            _code_input=text_cell("district_code"),
            _name_input=text_cell("district_name"),
            year_input=text_cell("year"),
            workers_input=text_cell("informal_workers"),
            share_input=text_cell("share"),
            source=text_cell("source"),
        ).with_columns(
            _code=district_code_cell("_code_input", regency_code),
            _name_key=place_key_cell("_name_input"),
            year=pl.col("year_input").str.replace(r"\.0$", "").cast(pl.Int64, strict=False),
            informal_workers=whole_number_cell(
                "workers_input", is_number=pl.col("informal_workers_is_number"), max_digits=MAX_WORKERS_DIGITS
            ),
            _share=percent_cell("share_input"),
        )
        frame = frame.join(codes, on="_code", how="left").join(names, on="_name_key", how="left")
        by_code = (pl.col("_code") == regency_code).fill_null(False)
        by_name = pl.col("_code_input").is_null() & pl.col("_name_key").is_in(list(context.regency_names))
        frame = frame.with_columns(_regency=(by_code | by_name).fill_null(False))
        frame = frame.with_columns(
            district_id=pl.when(pl.col("_regency"))
            .then(pl.lit(None, dtype=pl.String))
            .when(pl.col("_code_input").is_not_null())
            .then(pl.when(pl.col("_code_name").is_not_null()).then(pl.col("_code")))
            .otherwise(pl.col("_named_code")),
        )
        named = pl.col("_named_code").replace_strict(context.codes, default=None, return_dtype=pl.String)
        frame = frame.with_columns(
            _place=pl.coalesce(pl.col("district_id"), pl.lit(REGENCY_ROW)),
            district_name=pl.when(pl.col("_regency"))
            .then(pl.lit(str(context.regency or "")))
            .otherwise(pl.coalesce(pl.col("_code_name"), named)),
            stated_share_pct=pl.col("_share").cast(pl.String),
            share=pl.col("_share").cast(pl.String),
        )
        last_year = context.today_year + BASELINE_YEARS_AHEAD
        frame = problems_combined(frame, problems(context, last_year))
        frame = frame.with_columns(
            pl.concat_str(pl.col("_place"), pl.col("year").cast(pl.String), separator="|").alias(KEY)
        )
        years = frame.filter(pl.col(ERROR_COLUMN).is_null()).get_column("year").unique().to_list()
        if context.regency is not None and years:
            frame = frame.join(_existing(context.regency, years), on=["_place", "year"], how="left")
        else:
            frame = frame.with_columns(pl.lit(None, dtype=pl.Boolean).alias(EXISTS_COLUMN))
        return frame.with_columns(pl.col(EXISTS_COLUMN).fill_null(False))

    def write(
        self,
        *,
        cursor: CursorWrapper,
        table: str,
        batch: ImportBatch,
        actor: User | None,
        context: BaselineImportContext,
    ) -> WriteCounts:
        assert context.regency is not None  # else every row was refused and nothing is staged
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        total = cursor.fetchone()[0]
        if not total:
            return WriteCounts()
        target = InformalWorkerBaseline._meta.db_table
        distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
        same_place = (
            "b.regency_id = %s AND b.year = s.year AND COALESCE(b.district_id, '') = COALESCE(s.district_id, '')"
        )
        regency, user, now = context.regency.pk, actor.pk if actor else None, timezone.now()
        # A file without a source column keeps the source already recorded.
        cursor.execute(
            f"UPDATE {target} AS b SET informal_workers = s.informal_workers, source = COALESCE(s.source, b.source), "
            "stated_share_pct = CAST(s.stated_share_pct AS NUMERIC), recorded_by_id = %s, recorded_at = %s "
            f"FROM {table} s WHERE {same_place} AND (b.informal_workers <> s.informal_workers "
            "OR b.source <> COALESCE(s.source, b.source) "
            f"OR b.stated_share_pct {distinct} CAST(s.stated_share_pct AS NUMERIC))",
            [user, now, regency],
        )
        updated = max(cursor.rowcount, 0)
        default_source = _("Berkas %(name)s") % {"name": batch.original_name}
        cursor.execute(
            f"INSERT INTO {target} (regency_id, district_id, year, informal_workers, source, stated_share_pct, "
            "recorded_by_id, recorded_at) "
            "SELECT %s, s.district_id, s.year, s.informal_workers, COALESCE(s.source, %s), "
            f"CAST(s.stated_share_pct AS NUMERIC), %s, %s FROM {table} s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {target} b WHERE {same_place}) ORDER BY s.{ROW_COLUMN}",
            [regency, default_source[:SOURCE_MAX], user, now, regency],
        )
        created = max(cursor.rowcount, 0)
        if created or updated:
            snapshots_mark_stale(regency_id=regency, since=None)
        return WriteCounts(created=created, updated=updated, unchanged=total - created - updated)


def problems(context: BaselineImportContext, last_year: int) -> list[pl.Expr]:
    """Why a row is refused, one expression per rule (null when it holds)."""
    labels = {column.field: column.label for column in BASELINE_COLUMNS}
    return [
        pl.when(pl.lit(context.regency is None)).then(
            pl.lit(_("Kabupaten/kota instansi (%(code)s) belum dimuat.") % {"code": instance_region_code() or "-"})
        ),
        pl.when(pl.col("_code_input").is_null() & pl.col("_name_input").is_null()).then(
            pl.lit(_("Isi kode atau nama kecamatan (atau Jumlah untuk angka kabupaten)."))
        ),
        pl.when(pl.col("_code_input").is_not_null() & ~pl.col("_regency") & pl.col("_code_name").is_null()).then(
            pl.format(
                _('Kode kecamatan "{}" tidak ada di %(regency)s.') % {"regency": context.regency},
                pl.col("_code_input"),
            )
        ),
        pl.when(
            pl.col("_code_input").is_null()
            & pl.col("_name_input").is_not_null()
            & ~pl.col("_regency")
            & pl.col("_named_code").is_null()
        ).then(
            pl.format(
                _('Kecamatan "{}" tidak ada di %(regency)s; periksa ejaannya atau isi kodenya.')
                % {"regency": context.regency},
                pl.col("_name_input"),
            )
        ),
        pl.when(
            pl.col("_code_name").is_not_null()
            & pl.col("_named_code").is_not_null()
            & (pl.col("_named_code") != pl.col("_code"))
        ).then(
            pl.format(
                _('Kode {} adalah Kecamatan {}, bukan "{}".'),
                pl.col("_code"),
                pl.col("_code_name"),
                pl.col("_name_input"),
            )
        ),
        pl.when(pl.col("year_input").is_null()).then(pl.lit(_("Tahun wajib diisi."))),
        pl.when(
            pl.col("year_input").is_not_null() & ~pl.col("year").is_between(FIRST_YEAR, last_year).fill_null(False)
        ).then(
            pl.format(
                _('Tahun "{}" tidak dikenal; tulis tahun antara %(first)s dan %(last)s.')
                % {"first": FIRST_YEAR, "last": last_year},
                pl.col("year_input"),
            )
        ),
        pl.when(pl.col("workers_input").is_null()).then(
            pl.lit(_("%(label)s wajib diisi.") % {"label": labels["informal_workers"]})
        ),
        pl.when(pl.col("workers_input").is_not_null() & ~(pl.col("informal_workers") > 0).fill_null(False)).then(
            pl.format(
                _('%(label)s "{}" bukan bilangan bulat lebih dari nol; tulis misalnya 16.934.')
                % {"label": labels["informal_workers"]},
                pl.col("workers_input"),
            )
        ),
        pl.when(pl.col("share_input").is_not_null() & ~pl.col("_share").is_between(0, 100).fill_null(False)).then(
            pl.format(_('Persentase "{}" bukan angka antara 0 dan 100.'), pl.col("share_input"))
        ),
        pl.when(pl.col("source").str.len_chars() > SOURCE_MAX).then(
            pl.lit(_("Sumber terlalu panjang (lebih dari %(n)s huruf).") % {"n": SOURCE_MAX})
        ),
    ]


def baseline_import_warnings(*, batch: ImportBatch) -> list[str]:
    """What does not add up in the years a checked or imported file covers:
    its accepted rows laid over the figures already recorded (which, after a
    real import, are the same)."""
    if batch.kind != BASELINE_IMPORT.kind or batch.status != ImportBatch.Status.DONE:
        return []
    context = BASELINE_IMPORT.prepare(actor=None, options=ImportOptions())
    if context.regency is None:
        return []
    labels = {region.code: region.label for region in Region.objects.filter(parent=context.regency)}
    from_file: dict[tuple[int, str], Figure] = {}
    spec = spec_for(batch.kind)
    with read_table(Path(batch.file.path)) as table:
        mapping = header_mapping(spec, table.headers, batch.mapping)
        for chunk in table.chunks:
            checked = chunk_checked(spec, chunk, mapping, table.headers, context)
            for row in checked.filter(pl.col(ERROR_COLUMN).is_null()).iter_rows(named=True):
                place, workers, share = row["_place"], row["informal_workers"], _decimal(row["stated_share_pct"])
                from_file.setdefault((row["year"], place), Figure(labels.get(place, ""), workers, share))
    warnings: list[str] = []
    count = district_count(context.regency)
    for year in sorted({year for year, _place in from_file}, reverse=True):
        recorded = InformalWorkerBaseline.objects.filter(regency=context.regency, year=year)
        figures = {
            row.district_id or REGENCY_ROW: Figure(
                labels.get(row.district_id or REGENCY_ROW, ""), row.informal_workers, row.stated_share_pct
            )
            for row in recorded
        }
        figures |= {place: figure for (of_year, place), figure in from_file.items() if of_year == year}
        districts = [figures[code] for code in sorted(figures) if code != REGENCY_ROW]
        warnings += figures_warnings(
            year=year, districts=districts, regency_row=figures.get(REGENCY_ROW), district_count=count
        )
    return warnings


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text else None


LABELS = {
    "district_name": "Kecamatan", "district_code": "Kode Kecamatan", "year": "Tahun",
    "informal_workers": "Jumlah Pekerja Informal", "share": "Persentase", "source": "Sumber",
}  # fmt: skip
BASELINE_COLUMNS = (
    Column(
        "district_name", (LABELS["district_name"], "Nama Kecamatan", "Nama Wilayah", "Wilayah"), example="Plantungan"
    ),
    Column("district_code", (LABELS["district_code"], "Kode", "Kode Wilayah", "Kode Kemendagri"), example="33.24.01"),
    Column("year", (LABELS["year"],), required=True, example="2025"),
    Column(
        "informal_workers",
        (LABELS["informal_workers"], "Pekerja Informal", "Jumlah Pekerja", "Jumlah"),
        required=True,
        identity=True,
        example="11.017",
    ),
    Column(
        "share",
        (LABELS["share"], "Persentase (%)", "Persen", "Persentase Pekerja Informal", "Distribusi"),
        example="3,25",
    ),
    Column("source", (LABELS["source"], "Sumber Data"), example="BPS Kabupaten Kendal, Sakernas Agustus 2024"),
)
BASELINE_IMPORT = BaselineImport()
