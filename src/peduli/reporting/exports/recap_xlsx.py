"""The monthly recap as a workbook: one sheet per breakdown (Ringkasan,
Kecamatan, OPD, Sumber Dana, Tren), each with the letterhead's title rows, a
frozen bold header, thousands separators, percentages as percentages and
print settings for A4, so it can be filtered, charted or printed as it is.

Percentages are written as fractions with a % format, so Excel computes with
them; the figures are the indicators', never recomputed here.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from peduli.core.months import YearMonth
from peduli.core.xlsx import HEADER_FILL, cell_put, sheet_title, workbook_save
from peduli.reporting.coverage.scopes import Scope
from peduli.reporting.exports.recap import MONEY, PERCENT, TITLE, Recap, recap_build

COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "0.00%"
MONEY_FORMAT = '"Rp" #,##0'
POINTS_FORMAT = '+0.00" poin";-0.00" poin";0'
CHANGE_FORMAT = "+#,##0;-#,##0;0"
MONEY_CHANGE_FORMAT = '+"Rp" #,##0;-"Rp" #,##0;0'
TEXT, YEAR = "@", "0"
THIN = Side(style="thin", color="9AA5AE")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# Named, so LibreOffice does not fall back to a serif face for the bold cells.
FONT = "Calibri"
HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF")
TOTAL_FONT = Font(name=FONT, bold=True)
CENTER = Alignment(horizontal="center")


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    number_format: str = "General"


def fraction(pct: Decimal | None) -> Decimal | None:
    """4.19 (per cent) → 0.0419, for a cell formatted as a percentage."""
    return None if pct is None else pct / 100


def _title_rows(sheet: Worksheet, recap: Recap, subtitle: str, width: int) -> int:
    """The letterhead and title over the table; returns the header's row."""
    lines = [
        (settings.PEDULI_INSTANCE_NAME.upper(), Font(name=FONT, bold=True, size=12)),
        (settings.PEDULI_OFFICE_NAME.upper(), Font(name=FONT, bold=True, size=12)),
        (f"{TITLE} — {recap.month.label}", Font(name=FONT, bold=True, size=13)),
        (f"{subtitle} · {recap.scope.label.title()}", Font(name=FONT, italic=True)),
    ]
    for row, (text, font) in enumerate(lines, start=1):
        cell_put(sheet, row=row, column=1, value=text).font = font
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        sheet.cell(row=row, column=1).alignment = Alignment(horizontal="center")
    return len(lines) + 2


def _table(
    sheet: Worksheet,
    *,
    top: int,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    total: Sequence[Any] | None = None,
    row_formats: Sequence[str] | None = None,
) -> int:
    """A bordered table with its header at row `top`; `row_formats` gives a
    whole row's number format (for tables mixing counts, % and money).
    Returns the last row written."""
    for index, column in enumerate(columns, start=1):
        cell = cell_put(sheet, row=top, column=index, value=column.header)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(sheet.column_dimensions[letter].width or 0, column.width)
    sheet.row_dimensions[top].height = 30
    body = [*rows, *([total] if total is not None else [])]
    for offset, values in enumerate(body, start=1):
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = cell_put(sheet, row=top + offset, column=index, value=value)
            cell.border = BOX
            if row_formats is not None and index > 2 and offset <= len(row_formats):
                cell.number_format = row_formats[offset - 1]
            else:
                cell.number_format = column.number_format
            if column.number_format == YEAR:
                cell.alignment = CENTER
            if total is not None and offset == len(body):
                cell.font = TOTAL_FONT
    return top + len(body)


def _finish(sheet: Worksheet, header_row: int, *, landscape: bool = False) -> None:
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True


def _summary(sheet: Worksheet, recap: Recap) -> None:
    columns = [
        Column("No", 6, YEAR),
        Column("Uraian", 40),
        Column(recap.month.label, 20),
        Column(recap.previous.month.label, 20),
        Column("Perubahan", 18),
    ]
    top = _title_rows(sheet, recap, "Ringkasan", len(columns))
    value_formats = {PERCENT: PERCENT_FORMAT, MONEY: MONEY_FORMAT}
    change_formats = {PERCENT: POINTS_FORMAT, MONEY: MONEY_CHANGE_FORMAT}
    rows = []
    for number, row in enumerate(recap.headline, start=1):
        if row.kind == PERCENT:
            rows.append([number, row.label, fraction(row.current), fraction(row.previous), row.change])  # type: ignore[arg-type]
        else:
            rows.append([number, row.label, row.current, row.previous, row.change])
    last = _table(
        sheet,
        top=top,
        columns=columns,
        rows=rows,
        row_formats=[value_formats.get(r.kind, COUNT_FORMAT) for r in recap.headline],
    )
    # The change column has its own formats: points for percentages.
    for offset, row in enumerate(recap.headline, start=1):
        sheet.cell(row=top + offset, column=5).number_format = change_formats.get(row.kind, CHANGE_FORMAT)
    _finish(sheet, top)
    targets = recap.current.targets
    if recap.has_coverage and targets:
        # Targets run down the page (one column each) so the sheet stays as
        # narrow as the table above and prints on a portrait page.
        start = last + 2
        cell_put(sheet, row=start, column=2, value="Capaian terhadap target").font = TOTAL_FONT
        target_columns = [Column("No", 6, YEAR), Column("Uraian", 40)] + [Column(t.legal_source, 20) for t in targets]
        lines: list[tuple[str, str, list[Any]]] = [
            ("Tahun target", YEAR, [t.year for t in targets]),
            ("Cakupan target", PERCENT_FORMAT, [fraction(t.coverage_pct) for t in targets]),
            ("Pekerja terlindungi setara target", COUNT_FORMAT, [t.workers_at_target for t in targets]),
            ("Kekurangan pekerja", COUNT_FORMAT, [t.gap_workers for t in targets]),
            ("Sisa bulan", COUNT_FORMAT, [t.months_left for t in targets]),
            ("Tambahan bersih per bulan yang dibutuhkan", COUNT_FORMAT, [t.workers_needed_per_month for t in targets]),
        ]
        _table(
            sheet,
            top=start + 1,
            columns=target_columns,
            rows=[[i, label, *values] for i, (label, _f, values) in enumerate(lines, start=1)],
            row_formats=[number_format for _l, number_format, _v in lines],
        )


DISTRICT_COLUMNS = (
    Column("Peringkat", 10, YEAR),
    Column("Kode", 12, TEXT),
    Column("Kecamatan", 28),
    Column("Pekerja informal", 18, COUNT_FORMAT),
    Column("Pekerja terlindungi", 18, COUNT_FORMAT),
    Column("Cakupan", 12, PERCENT_FORMAT),
)
VILLAGE_COLUMNS = (
    Column("No", 8, YEAR),
    Column("Kode", 16, TEXT),
    Column("Desa/Kelurahan", 32),
    Column("Pekerja terlindungi", 18, COUNT_FORMAT),
)
AGENCY_COLUMNS = (
    Column("Peringkat", 10, YEAR),
    Column("Kode", 14, TEXT),
    Column("Perangkat Daerah", 44),
    Column("Jumlah ASN", 14, COUNT_FORMAT),
    Column("ASN berdonasi", 14, COUNT_FORMAT),
    Column("Pekerja dibiayai", 16, COUNT_FORMAT),
    Column("Partisipasi ASN", 14, PERCENT_FORMAT),
)
FUNDING_COLUMNS = (
    Column("Sumber dana", 40),
    Column("Pekerja terlindungi", 16, COUNT_FORMAT),
    Column("Iuran", 18, MONEY_FORMAT),
    Column("Terbayar", 18, MONEY_FORMAT),
    Column("Tunggakan", 18, MONEY_FORMAT),
    Column("Disetor ke BPJS", 18, MONEY_FORMAT),
)
TREND_COLUMNS = (
    Column("Bulan", 12, TEXT),
    Column("Nama bulan", 18),
    Column("Pekerja terlindungi", 18, COUNT_FORMAT),
    Column("Cakupan", 12, PERCENT_FORMAT),
    Column("Lintasan target", 14, PERCENT_FORMAT),
    Column("Pekerja dibiayai ASN", 18, COUNT_FORMAT),
    Column("Partisipasi ASN", 14, PERCENT_FORMAT),
)


def _breakdown(
    workbook: Workbook,
    recap: Recap,
    *,
    name: str,
    subtitle: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    total: Sequence[Any] | None = None,
    landscape: bool = False,
) -> None:
    """A sheet of one table under the title rows, filterable."""
    sheet = workbook.create_sheet(sheet_title(name))
    top = _title_rows(sheet, recap, subtitle, len(columns))
    last = _table(sheet, top=top, columns=columns, rows=rows, total=total)
    if total is None:
        sheet.auto_filter.ref = f"A{top}:{get_column_letter(len(columns))}{last}"
    _finish(sheet, top, landscape=landscape)


def recap_workbook(recap: Recap) -> bytes:
    """Lay out figures already gathered; sheets a scope has no rows for
    (an agency has no districts) are left out."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Ringkasan"
    _summary(sheet, recap)
    if recap.districts:
        _breakdown(
            workbook, recap, name="Kecamatan", subtitle="Cakupan per kecamatan", columns=DISTRICT_COLUMNS,
            rows=[
                [i, p.region.code, p.region.name.title(), p.informal_workers, p.workers_protected,
                 fraction(p.coverage_pct)]
                for i, p in enumerate(recap.districts, start=1)
            ],
        )  # fmt: skip
    if recap.villages:
        _breakdown(
            workbook, recap, name="Desa", subtitle="Pekerja terlindungi per desa", columns=VILLAGE_COLUMNS,
            rows=[
                [i, v.region.code, v.region.name.title(), v.workers_protected]
                for i, v in enumerate(recap.villages, start=1)
            ],
        )  # fmt: skip
    if recap.agencies:
        _breakdown(
            workbook, recap, name="OPD", subtitle="Partisipasi perangkat daerah", columns=AGENCY_COLUMNS,
            rows=[
                [i, a.agency.code, a.agency.name, a.civil_servants_total, a.civil_servants_sponsoring,
                 a.workers_covered, fraction(a.participation_pct)]
                for i, a in enumerate(recap.agencies, start=1)
            ],
            landscape=True,
        )  # fmt: skip
    now = recap.current
    _breakdown(
        workbook, recap, name="Sumber Dana", subtitle="Sumber pendanaan dan keuangan iuran", columns=FUNDING_COLUMNS,
        rows=[
            [s.label, s.workers_protected, s.dues_amount, s.paid_amount, s.arrears_amount, s.remitted_amount]
            for s in now.by_funding_source
        ],
        total=["Jumlah", now.workers_protected, now.dues_amount, now.paid_amount, now.arrears_amount,
               now.remitted_amount],
        landscape=True,
    )  # fmt: skip
    _breakdown(
        workbook, recap, name="Tren", subtitle="Tren bulanan", columns=TREND_COLUMNS,
        rows=[
            [str(p.month), p.month.label, p.workers_protected, fraction(p.coverage_pct), fraction(p.target_pct),
             p.workers_covered_by_civil_servants, fraction(p.civil_servant_participation_pct)]
            for p in recap.trend
        ],
        landscape=True,
    )  # fmt: skip
    workbook.properties.title = f"{TITLE} — {recap.month.label}"
    workbook.properties.creator = settings.PEDULI_OFFICE_NAME
    return workbook_save(workbook)


def recap_xlsx_bytes(*, scope: Scope, month: YearMonth) -> bytes:
    """The recap of `scope` for `month` as an xlsx workbook. The caller has
    checked the reader may see the scope. In Indonesian, like the PDF it
    goes with."""
    with translation.override(settings.LANGUAGE_CODE):
        return recap_workbook(recap_build(scope=scope, month=month))
