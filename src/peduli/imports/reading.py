"""Reading any tabular file (xlsx, xlsm, xls, ods, csv) as chunks of text columns.

Every cell becomes text, but a spreadsheet cell that held a number is marked
(column `n<i>` beside `c<i>`), so an identity number Excel turned into a number
can be refused instead of silently trusted. Chunks bound the memory a file of a
million rows needs.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from peduli.core.errors import ApplicationError

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
SUPPORTED_SUFFIXES = SPREADSHEET_SUFFIXES | {".csv"}
CHUNK_ROWS = 50_000
ROW_COLUMN = "_row"
# A NUL byte in a cell is never meant, and PostgreSQL text cannot hold one:
# it is dropped on reading. Other control characters are kept as uploaded (the
# xlsx writer drops those it cannot hold).
NUL = "\x00"


@dataclass
class Table:
    """A file's header and an iterator over its data rows in chunks.

    Each chunk has `_row` (the 1-based row number in the file, the header
    being row 1), `c0…cN` (text or null) and `n0…nN` (the cell was a number).
    """

    headers: list[str]
    total_rows: int
    chunks: Iterator[pl.DataFrame]


def value_columns(width: int) -> list[str]:
    return [f"c{i}" for i in range(width)]


def number_columns(width: int) -> list[str]:
    return [f"n{i}" for i in range(width)]


def _cell_text(value: Any) -> tuple[str | None, bool]:
    if value is None or value == "":
        return None, False
    if isinstance(value, bool):
        return ("Ya" if value else "Tidak"), False
    if isinstance(value, int | float):
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e17:
            return str(int(value)), True
        return str(value), True
    if isinstance(value, datetime):
        return value.date().isoformat(), False
    if isinstance(value, date):
        return value.isoformat(), False
    text = str(value).replace(NUL, "").strip()
    return (text or None), False


def _frame(rows: list[list[Any]], first_row: int, width: int) -> pl.DataFrame:
    texts: list[list[str | None]] = [[] for _ in range(width)]
    numbers: list[list[bool]] = [[] for _ in range(width)]
    for cells in rows:
        for i in range(width):
            text, is_number = _cell_text(cells[i] if i < len(cells) else None)
            texts[i].append(text)
            numbers[i].append(is_number)
    data: dict[str, Any] = {ROW_COLUMN: list(range(first_row, first_row + len(rows)))}
    data |= {f"c{i}": texts[i] for i in range(width)}
    data |= {f"n{i}": numbers[i] for i in range(width)}
    schema = {ROW_COLUMN: pl.Int64} | dict.fromkeys(value_columns(width), pl.String)
    return pl.DataFrame(data, schema=schema | dict.fromkeys(number_columns(width), pl.Boolean))


def _is_blank(cells: list[Any]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def _spreadsheet(path: Path, chunk_rows: int) -> Table:
    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        rows = iter(sheet.iter_rows())
        header_cells = next((cells for cells in rows if not _is_blank(cells)), None)
    except Exception as exc:  # calamine raises several unrelated types for a bad file
        raise ApplicationError(
            _("Berkas tidak dapat dibaca sebagai lembar kerja (%(error)s). Simpan ulang sebagai .xlsx.")
            % {"error": exc.__class__.__name__},
            field="file",
        ) from exc
    if header_cells is None:
        raise ApplicationError(_("Berkas kosong: tidak ada baris data."), field="file")
    headers = [str(cell).replace(NUL, "").strip() for cell in header_cells]
    width = len(headers)

    def chunks() -> Iterator[pl.DataFrame]:
        # Row numbers as the spreadsheet shows them, so a clerk finds the row.
        buffer: list[list[Any]] = []
        numbers: list[int] = []
        row_number = 1
        for cells in rows:
            row_number += 1
            if _is_blank(cells):
                continue
            buffer.append(cells)
            numbers.append(row_number)
            if len(buffer) == chunk_rows:
                yield _frame(buffer, 0, width).with_columns(pl.Series(ROW_COLUMN, numbers))
                buffer, numbers = [], []
        if buffer:
            yield _frame(buffer, 0, width).with_columns(pl.Series(ROW_COLUMN, numbers))

    return Table(headers=headers, total_rows=max(sheet.total_height - 1, 0), chunks=chunks())


def _decode(raw: bytes) -> bytes:
    try:
        raw.decode("utf-8")
        return raw.removeprefix(b"\xef\xbb\xbf")
    except UnicodeDecodeError:
        # Older Windows Excel saves CSV as cp1252.
        return raw.decode("cp1252", errors="replace").encode("utf-8")


def _csv(path: Path, chunk_rows: int) -> Table:
    data = _decode(path.read_bytes()).replace(NUL.encode(), b"")
    first_line = data[: data.find(b"\n")] if b"\n" in data else data
    # Indonesian Excel writes CSV with semicolons (the comma is the decimal mark).
    separator = ";" if first_line.count(b";") > first_line.count(b",") else ","
    try:
        frame = pl.read_csv(
            io.BytesIO(data),
            separator=separator,
            has_header=False,
            infer_schema=False,
            truncate_ragged_lines=True,
        )
    except pl.exceptions.PolarsError as exc:
        raise ApplicationError(_("Berkas CSV tidak dapat dibaca; simpan ulang sebagai .xlsx."), field="file") from exc
    width = frame.width
    frame = frame.rename({old: f"c{i}" for i, old in enumerate(frame.columns)})
    frame = frame.with_columns(pl.col(value_columns(width)).str.strip_chars().replace("", None))
    frame = frame.with_row_index(ROW_COLUMN, offset=1).with_columns(pl.col(ROW_COLUMN).cast(pl.Int64))
    frame = frame.filter(~pl.all_horizontal(pl.col(value_columns(width)).is_null()))
    if frame.height == 0:
        raise ApplicationError(_("Berkas kosong: tidak ada baris data."), field="file")
    headers = [str(value or "").strip() for value in frame.row(0)[1:]]
    body = frame.slice(1).with_columns([pl.lit(False).alias(name) for name in number_columns(width)])

    def chunks() -> Iterator[pl.DataFrame]:
        yield from body.iter_slices(chunk_rows)

    return Table(headers=headers, total_rows=body.height, chunks=chunks())


def read_table(path: Path, *, chunk_rows: int = CHUNK_ROWS) -> Table:
    """Open a file for import; raise ApplicationError (field "file") when it is unusable."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ApplicationError(
            _("Format berkas %(suffix)s tidak didukung; gunakan .xlsx, .xls, .ods atau .csv.")
            % {"suffix": suffix or "(tanpa ekstensi)"},
            field="file",
        )
    return _csv(path, chunk_rows) if suffix == ".csv" else _spreadsheet(path, chunk_rows)
