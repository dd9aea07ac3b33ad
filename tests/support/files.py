"""Spreadsheets and CSV files as the offices send them, and the xlsx and
PDF files Peduli writes read back as a user's Excel or reader would."""

import csv
import io
import re
import shutil
import subprocess
import zipfile
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


# Hostile files, built as an attacker would: a normal workbook, then its zip
# entries rewritten.


def _rewrite_xlsx(source: Path, target: Path, *, sheet: Any = None, extra: dict[str, bytes] | None = None) -> Path:
    """Copy the xlsx `source` to `target`, passing the first sheet's XML
    through `sheet` (bytes → bytes) and adding the `extra` entries."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in original.infolist():
            data = original.read(entry.filename)
            if sheet is not None and entry.filename == "xl/worksheets/sheet1.xml":
                data = sheet(data)
            copy.writestr(entry.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        for name, data in (extra or {}).items():
            copy.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return target


def xlsx_far_cell(path: Path, headers: list[str], *, cell: str = "XFD1048576", declared: str | None = None) -> Path:
    """A workbook of 2 KB with `headers` and one more cell at `cell`, so the
    sheet spans up to it. `declared` replaces the <dimension ref> the writer
    gave (a file that lies about its span)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers)
    sheet[cell] = "x"
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    if declared is None:
        return Path(shutil.move(plain, path))

    def lie(xml: bytes) -> bytes:
        return re.sub(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{declared}"/>'.encode(), xml)

    _rewrite_xlsx(plain, path, sheet=lie)
    plain.unlink()
    return path


def xlsx_padded(path: Path, headers: list[str], rows: list[list[Any]], *, padding: int) -> Path:
    """A workbook whose sheet XML carries `padding` bytes of blanks in a
    comment: tiny zipped, `padding` bytes inflated (a zip bomb's ratio)."""
    plain = write_xlsx(path.with_suffix(".plain.xlsx"), rows, headers)

    def pad(xml: bytes) -> bytes:
        head, _sep, rest = xml.partition(b"?>")
        return head + b"?><!--" + b" " * padding + b"-->" + rest

    _rewrite_xlsx(plain, path, sheet=pad)
    plain.unlink()
    return path


def xlsx_with_entries(path: Path, headers: list[str], rows: list[list[Any]], *, entries: int) -> Path:
    """A workbook with `entries` more (one-byte) entries in its zip archive."""
    plain = write_xlsx(path.with_suffix(".plain.xlsx"), rows, headers)
    _rewrite_xlsx(plain, path, extra={f"xl/media/extra{n}.bin": b"x" for n in range(entries)})
    plain.unlink()
    return path
