"""Open data (Data Terbuka): the regency's aggregates month by month, as CSV
and JSON anyone may download without logging in — public information under
UU 14/2008 (Keterbukaan Informasi Publik).

Only counts and sums by district, funding source and agency are published;
no row is about a person (no name, NIK, NIP or KPJ), no village-level
counts, and no count of people small enough to point at someone
(`small_cells`: 1 to 4 are published empty, with what would give them back).
Figures are the indicators' (`reporting.indicators`), so they match every
page and report.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache

from peduli.core.csv_files import csv_bytes
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth, month_range
from peduli.regions.models import Region
from peduli.reporting.coverage.indicators import indicators_for
from peduli.reporting.coverage.places import agencies_participation, districts_coverage
from peduli.reporting.coverage.scopes import Scope
from peduli.reporting.coverage.snapshots import data_months, snapshots_refreshed_at
from peduli.reporting.exports.small_cells import CountColumn, small_cells_hidden

# A file covers ten years at most; older months are asked for by period.
MAX_MONTHS = 120
CACHE_SECONDS = 600
LICENSE = "CC BY 4.0 (Creative Commons Atribusi 4.0 Internasional)"
MONTH, TEXT, INTEGER, DECIMAL, RUPIAH = "bulan (TTTT-BB)", "teks", "bilangan bulat", "desimal (2 angka)", "rupiah"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    description: str


Row = list[Any]


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    fields: tuple[Field, ...]
    month_rows: Callable[[Region, YearMonth], Iterator[Row]]
    # Counts of people, by field name, with the fields that would give each back.
    counts: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def count_columns(self) -> list[CountColumn]:
        index = {f.name: i for i, f in enumerate(self.fields)}
        return [CountColumn(index[name], tuple(index[d] for d in derived)) for name, derived in self.counts]


def _pct(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def _district_rows(regency: Region, month: YearMonth) -> Iterator[Row]:
    for place in sorted(districts_coverage(regency=regency, month=month), key=lambda p: p.region.code):
        yield [
            str(month),
            place.region.code,
            place.region.name.title(),
            place.informal_workers,
            place.workers_protected,
            _pct(place.coverage_pct),
        ]


def _source_rows(regency: Region, month: YearMonth) -> Iterator[Row]:
    figures = indicators_for(scope=Scope(kind="regency", regency=regency), month=month)
    for s in sorted(figures.by_funding_source, key=lambda s: s.source):
        yield [
            str(month), s.source, s.label, s.workers_protected, s.dues_amount, s.paid_amount, s.arrears_amount,
            s.remitted_amount,
        ]  # fmt: skip


def _agency_rows(regency: Region, month: YearMonth) -> Iterator[Row]:
    for row in sorted(agencies_participation(regency=regency, month=month), key=lambda r: r.agency.code):
        yield [
            str(month), row.agency.code, row.agency.name, row.civil_servants_total, row.civil_servants_sponsoring,
            row.workers_covered, _pct(row.participation_pct),
        ]  # fmt: skip


MONTH_FIELD = Field("bulan", MONTH, "Bulan data, misalnya 2025-06 untuk Juni 2025.")
DATASETS: dict[str, Dataset] = {
    d.slug: d
    for d in (
        Dataset(
            "cakupan-kecamatan",
            "Cakupan perlindungan pekerja rentan per kecamatan",
            "Jumlah pekerja informal, pekerja rentan yang terlindungi BPJS Ketenagakerjaan (JKK dan JKM) dan "
            "persentase cakupannya, setiap bulan untuk setiap kecamatan.",
            (
                MONTH_FIELD,
                Field("kode_kecamatan", TEXT, "Kode wilayah Kemendagri kecamatan, misalnya 33.24.01."),
                Field("kecamatan", TEXT, "Nama kecamatan."),
                Field(
                    "pekerja_informal", INTEGER, "Jumlah pekerja informal (penyebut cakupan); kosong bila belum ada."
                ),
                Field(
                    "pekerja_terlindungi",
                    INTEGER,
                    "Pekerja rentan yang iurannya lunas untuk bulan itu atau tercatat aktif di BPJS; "
                    "setiap orang dihitung sekali.",
                ),
                Field("cakupan_persen", DECIMAL, "pekerja_terlindungi ÷ pekerja_informal × 100."),
            ),
            _district_rows,
            counts=(("pekerja_terlindungi", ("cakupan_persen",)),),
        ),
        Dataset(
            "sumber-dana",
            "Pekerja terlindungi dan iuran per sumber dana",
            "Pekerja terlindungi menurut siapa yang membayar iurannya (ASN, CSR, BUMD, DBHCHT, APBD, dana desa, "
            "perorangan, mandiri) serta iuran, pembayaran, tunggakan dan setoran ke BPJS Ketenagakerjaan.",
            (
                MONTH_FIELD,
                Field(
                    "kode_sumber",
                    TEXT,
                    "asn, csr, bumd, dbhcht, apbd, dana_desa, perorangan, lainnya, mandiri, mandiri_agregat.",
                ),
                Field("sumber", TEXT, "Nama sumber dana."),
                Field("pekerja_terlindungi", INTEGER, "Pekerja terlindungi yang dibiayai sumber ini."),
                Field("iuran", RUPIAH, "Iuran bulan itu yang ditagihkan kepada donatur sumber ini."),
                Field("terbayar", RUPIAH, "Bagian iuran bulan itu yang sudah dibayar."),
                Field("tunggakan", RUPIAH, "Iuran yang belum lunas sampai dengan bulan itu (kumulatif)."),
                Field("disetor_bpjs", RUPIAH, "Iuran bulan itu yang sudah disetor ke BPJS Ketenagakerjaan."),
            ),
            _source_rows,
            counts=(("pekerja_terlindungi", ("iuran", "terbayar", "tunggakan", "disetor_bpjs")),),
        ),
        Dataset(
            "partisipasi-opd",
            "Partisipasi ASN per perangkat daerah",
            "Jumlah ASN setiap perangkat daerah (OPD), ASN yang menjadi donatur, pekerja yang iurannya dibayar ASN "
            "OPD itu dan rasionya.",
            (
                MONTH_FIELD,
                Field("kode_opd", TEXT, "Kode perangkat daerah di Peduli."),
                Field("opd", TEXT, "Nama perangkat daerah."),
                Field("jumlah_asn", INTEGER, "ASN (PNS dan PPPK) yang bertugas pada tanggal 1 bulan itu."),
                Field("asn_berdonasi", INTEGER, "ASN yang membayar iuran sedikitnya satu pekerja terlindungi."),
                Field("pekerja_dibiayai", INTEGER, "Pekerja terlindungi yang iurannya dibayar ASN OPD itu."),
                Field("rasio_persen", DECIMAL, "pekerja_dibiayai ÷ jumlah_asn × 100."),
            ),
            _agency_rows,
            counts=(("asn_berdonasi", ()), ("pekerja_dibiayai", ("rasio_persen",))),
        ),
    )
}
FORMATS = ("csv", "json")


def open_data_license() -> str:
    return getattr(settings, "PEDULI_OPEN_DATA_LICENSE", LICENSE)


def open_data_period(regency: Region) -> tuple[YearMonth, YearMonth] | None:
    """The months the open data covers: from the first month with data (at
    most ten years back) to the current month."""
    first, last = data_months(regency)
    last = min(last, YearMonth.current())
    return max(first, last - (MAX_MONTHS - 1)), last


def open_data_dataset(slug: str) -> Dataset:
    """The dataset called `slug`; ApplicationError(code="not_found") naming the ones there are otherwise."""
    dataset = DATASETS.get(slug)
    if dataset is None:
        raise ApplicationError(
            f"Dataset {slug!r} tidak ada. Pilih salah satu: {', '.join(DATASETS)}.", field="slug", code="not_found"
        )
    return dataset


def open_data_window(
    *, regency: Region, first: YearMonth | None, last: YearMonth | None
) -> tuple[YearMonth, YearMonth]:
    """The months asked for held to the months there is data for (the whole
    period for a bound not given); ApplicationError(code="not_found") when no
    month is left."""
    period = open_data_period(regency)
    if period is None:
        raise ApplicationError("Belum ada data.", code="not_found")
    first, last = max(first or period[0], period[0]), min(last or period[1], period[1])
    if first > last:
        raise ApplicationError(
            f"Periode di luar data yang tersedia ({period[0]} sampai {period[1]}).", field="dari", code="not_found"
        )
    return first, last


def _publisher() -> str:
    return f"{settings.PEDULI_OFFICE_NAME}, {settings.PEDULI_INSTANCE_NAME}"


def small_cells_rule() -> str:
    """The rule in words, for the page, the catalogue and each JSON file."""
    return (
        f"Jumlah orang 1 sampai {settings.PEDULI_OPEN_DATA_MIN_CELL - 1} tidak diterbitkan (dikosongkan) agar tidak "
        "menunjuk seseorang, begitu pula kolom yang dapat mengembalikannya (rupiah dan persentasenya). Bila dalam "
        "satu bulan hanya satu sel suatu kolom yang dikosongkan, sel bukan nol terkecil berikutnya ikut dikosongkan "
        "agar tidak dapat dihitung dari jumlah keseluruhan. Angka 0 tetap diterbitkan."
    )


def _dictionary(dataset: Dataset) -> list[dict[str, str]]:
    hidden = {name for count, derived in dataset.counts for name in (count, *derived)}
    note = f" Kosong bila jumlah orangnya di bawah {settings.PEDULI_OPEN_DATA_MIN_CELL} (lihat aturan kerahasiaan)."
    return [
        {"nama": f.name, "jenis": f.kind, "keterangan": f.description + (note if f.name in hidden else "")}
        for f in dataset.fields
    ]


def open_data_catalogue(*, regency: Region) -> dict[str, Any]:
    """What the open-data page lists, as a document: the regency, the period
    there is data for, the licence and every dataset with its data dictionary."""
    period = open_data_period(regency)
    return {
        "wilayah": {"kode": regency.code, "nama": regency.name.title()},
        "periode": {"dari": str(period[0]), "sampai": str(period[1])} if period else None,
        "penerbit": _publisher(),
        "lisensi": open_data_license(),
        "kerahasiaan": small_cells_rule(),
        "format": list(FORMATS),
        "dataset": [
            {"slug": d.slug, "judul": d.title, "deskripsi": d.description, "kamus_data": _dictionary(d)}
            for d in DATASETS.values()
        ],
    }


def open_data_rows(*, dataset: Dataset, regency: Region, first: YearMonth, last: YearMonth) -> list[Row]:
    """The rows of the months `first`–`last`, small counts hidden."""
    rows = [row for month in month_range(first, last) for row in dataset.month_rows(regency, month)]
    return small_cells_hidden(
        rows, group=0, columns=dataset.count_columns(), minimum=settings.PEDULI_OPEN_DATA_MIN_CELL
    )


def _csv(dataset: Dataset, rows: list[Row]) -> bytes:
    return csv_bytes(headers=[f.name for f in dataset.fields], rows=rows)


def _json(dataset: Dataset, rows: list[Row], regency: Region, first: YearMonth, last: YearMonth) -> bytes:
    document = {
        "judul": dataset.title,
        "deskripsi": dataset.description,
        "wilayah": {"kode": regency.code, "nama": regency.name.title()},
        "periode": {"dari": str(first), "sampai": str(last)},
        "penerbit": _publisher(),
        "lisensi": open_data_license(),
        "kerahasiaan": small_cells_rule(),
        "kamus_data": _dictionary(dataset),
        "data": [dict(zip((f.name for f in dataset.fields), row, strict=True)) for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=1, default=float).encode()


def open_data_file(*, dataset: Dataset, fmt: str, regency: Region, first: YearMonth, last: YearMonth) -> bytes:
    """The dataset for the months `first`–`last` as CSV or JSON. The download
    is public and reading many months is not free, so a file is cached until
    the snapshots are next refreshed, and a few minutes at most (the
    informal-worker baselines are read live)."""
    refreshed = snapshots_refreshed_at(regency)
    key = f"open-data:{regency.pk}:{refreshed.isoformat() if refreshed else ''}:{dataset.slug}:{first}:{last}:{fmt}"
    content: bytes | None = cache.get(key) if refreshed else None
    if content is None:
        rows = open_data_rows(dataset=dataset, regency=regency, first=first, last=last)
        content = _csv(dataset, rows) if fmt == "csv" else _json(dataset, rows, regency, first, last)
        if refreshed:
            cache.set(key, content, timeout=CACHE_SECONDS)
    return content


def open_data_filename(dataset: Dataset, regency: Region, first: YearMonth, last: YearMonth, fmt: str) -> str:
    return f"peduli-{regency.code.replace('.', '')}-{dataset.slug}-{first}-{last}.{fmt}"
