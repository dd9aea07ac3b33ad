"""Writing xlsx files, the one way every export does: `workbook_bytes` for a
tidy list (a bold, filled header row, frozen, filterable, with
identity-number columns stored as text so Excel never rounds them), and
`cell_put` / `workbook_save` for a laid-out report (the recap).

Whatever text reaches a workbook (sheet titles from labels, cells and headers
as users uploaded them) is first made what the xlsx format can hold
(`core.cells`), so a download never fails on a character typed upstream, and
is never a formula: text a spreadsheet would read as one is written as a text
cell with Excel's quote prefix, so it shows as typed and stays text when
edited."""

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from peduli.core.cells import cell_text, looks_like_formula

HEADER_FILL = PatternFill("solid", fgColor="1F5F8B")
HEADER_FONT = Font(bold=True, color="FFFFFF")
NOTE_FONT = Font(color="B00020")
DATE_FORMAT = "DD/MM/YYYY"
TEXT_FORMAT = "@"
# Excel refuses these in a sheet's name, which has at most 31 characters and
# may not begin or end with an apostrophe.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
SHEET_TITLE_MAX = 31


def sheet_title(text: str) -> str:
    """`text` as a valid sheet name: "Klaim BPJS (JKK/JKM)" → "Klaim BPJS (JKK-JKM)"."""
    title = SHEET_TITLE_FORBIDDEN.sub("-", cell_text(text)).strip()[:SHEET_TITLE_MAX].strip("' ")
    return title or "Data"


def _as_text(cell: Cell) -> None:
    """Text that begins like a formula stays text: a string cell with Excel's quote prefix."""
    if isinstance(cell.value, str) and looks_like_formula(cell.value):
        cell.data_type, cell.quotePrefix = "s", True


def _cleaned(value: Any) -> Any:
    return cell_text(value) if isinstance(value, str) else value


def _cell(sheet: Worksheet, value: Any) -> WriteOnlyCell:
    """A cell holding `value`; text is cleaned and never becomes a formula."""
    cell = WriteOnlyCell(sheet, value=_cleaned(value))
    _as_text(cell)
    return cell


def cell_put(sheet: Worksheet, *, row: int, column: int, value: Any) -> Cell:
    """`value` into a cell of a laid-out sheet, by the same rule as `workbook_bytes`."""
    cell: Cell = sheet.cell(row=row, column=column, value=_cleaned(value))
    _as_text(cell)
    return cell


def workbook_save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Sheet:
    """One tidy list of a workbook (see `workbook_bytes`)."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    text_columns: Sequence[str] = ()
    note_column: str | None = None
    widths: dict[str, int] = field(default_factory=dict)


def _sheet_write(workbook: Workbook, spec: Sheet) -> None:
    sheet: Worksheet = workbook.create_sheet(title=sheet_title(spec.title))
    headers = [cell_text(str(header)) for header in spec.headers]
    text_columns = [cell_text(str(name)) for name in spec.text_columns]
    note_column = cell_text(spec.note_column) if spec.note_column is not None else None
    text_indexes = {headers.index(name) for name in text_columns if name in headers}
    for index, header in enumerate(headers, start=1):
        width = spec.widths.get(header, max(12, len(header) + 4))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header_cells = []
    for header in headers:
        cell = _cell(sheet, header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in spec.rows:
        cells = []
        for index, value in enumerate(row):
            if index in text_indexes:
                cell = _cell(sheet, "" if value is None else str(value))
                cell.number_format = TEXT_FORMAT
            else:
                cell = _cell(sheet, value)
                if hasattr(value, "isoformat") and not isinstance(value, str):
                    cell.number_format = DATE_FORMAT
            if note_column is not None and headers[index] == note_column:
                cell.font = NOTE_FONT
            cells.append(cell)
        sheet.append(cells)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"


def sheets_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of tidy lists, one sheet each, in write-only mode (constant
    memory for long lists)."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _sheet_write(workbook, sheet)
    return workbook_save(workbook)


def workbook_bytes(
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    text_columns: Sequence[str] = (),
    note_column: str | None = None,
    widths: dict[str, int] | None = None,
) -> bytes:
    """One-sheet workbook of a tidy list."""
    return sheets_bytes([Sheet(title, headers, rows, text_columns, note_column, widths or {})])
