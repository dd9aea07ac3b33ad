"""Reading a spreadsheet (xlsx, xls, ods) or CSV into header + rows.

Cells keep the type the file gave them (str, int, float, date, datetime), so
callers can refuse an identity number that Excel turned into a number.
"""

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from peduli.core.errors import ApplicationError

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
SUPPORTED_SUFFIXES = SPREADSHEET_SUFFIXES | {".csv"}


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:4096]
    # Indonesian Excel writes CSV with semicolons (comma is the decimal mark).
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def _spreadsheet_rows(path: Path) -> Iterator[list[Any]]:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
    except Exception as exc:  # calamine raises several unrelated types for a bad file
        raise ApplicationError(
            _("Berkas tidak dapat dibaca sebagai lembar kerja (%(error)s). Simpan ulang sebagai .xlsx.")
            % {"error": exc.__class__.__name__},
            field="file",
        ) from exc
    yield from sheet.iter_rows()


def read_table(path: Path) -> tuple[list[str], list[list[Any]]]:
    """Return the first non-empty row as headers and the non-empty rows below it.

    Raises ApplicationError (field "file") for an unknown format or an empty file.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ApplicationError(
            _("Format berkas %(suffix)s tidak didukung; gunakan .xlsx, .xls, .ods atau .csv.")
            % {"suffix": suffix or "(tanpa ekstensi)"},
            field="file",
        )
    rows_iter = _csv_rows(path) if suffix == ".csv" else _spreadsheet_rows(path)
    rows = [row for row in rows_iter if any(str(cell).strip() for cell in row)]
    if not rows:
        raise ApplicationError(_("Berkas kosong: tidak ada baris data."), field="file")
    headers = [str(cell).strip() for cell in rows[0]]
    width = len(headers)
    body = [list(row[:width]) + [""] * (width - len(row)) for row in rows[1:]]
    return headers, body


def header_key(text: str) -> str:
    """Compare headers loosely: case, spaces and punctuation do not matter."""
    return "".join(ch for ch in text.lower() if ch.isalnum())
