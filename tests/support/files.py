"""Spreadsheets and CSV files as the offices send them, and the xlsx and
PDF files Peduli writes read back as a user's Excel or reader would."""

import csv
import io
import subprocess
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook


def write_xlsx(path: Path, rows: list[list[Any]], headers: list[str]) -> Path:
    """An xlsx file at `path`: one sheet, `headers` then `rows`."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def csv_write(folder: Path, rows: list[list[Any]], name: str = "bpjs.csv") -> Path:
    """Write rows (a header first) to a CSV file in `folder`."""
    path = folder / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def xlsx_rows(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True) if any(cell not in (None, "") for cell in row)]


def xlsx_column(content: bytes, header: str) -> list[object]:
    rows = xlsx_rows(content)
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


def pdf_text(content: bytes) -> str:
    """The text of a PDF as poppler's pdftotext lays it out."""
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode()
