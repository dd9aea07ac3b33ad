"""Spreadsheets and CSV files as the offices send them, and the xlsx and
PDF files Peduli writes read back as a user's Excel or reader would."""

import csv
import io
import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

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


# ods and xls written byte by byte, so a test can declare what a hostile file
# declares: the layout of the formats, not the output of an office suite.

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods_row(cells: list[Any], *, repeat: int = 1, cell_repeat: int = 1) -> str:
    """One table:table-row of text cells (an empty cell for ""), repeated
    `repeat` times, each cell `cell_repeat` times."""
    rows = f' table:number-rows-repeated="{repeat}"' if repeat != 1 else ""
    columns = f' table:number-columns-repeated="{cell_repeat}"' if cell_repeat != 1 else ""
    parts = [
        f'<table:table-cell{columns} office:value-type="string"><text:p>{escape(str(cell))}</text:p></table:table-cell>'
        if cell != ""
        else f"<table:table-cell{columns}/>"
        for cell in cells
    ]
    return f"<table:table-row{rows}>{''.join(parts)}</table:table-row>"


def ods_write(path: Path, rows: list[str]) -> Path:
    """An ods file at `path`: one sheet of `rows` (`ods_row`'s XML)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Lembar1">'
        f"{''.join(rows)}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        archive.writestr("content.xml", content)
    return path


def _biff(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def xls_write(path: Path, rows: list[list[Any]], *, dimensions: tuple[int, int, int, int] | None = None) -> Path:
    """An xls (BIFF8) file at `path`: one sheet of text cells, in a compound
    file of one stream. `dimensions` (first row, the row after the last,
    first column, the column after the last; 0-based) replaces the
    DIMENSIONS record the rows give."""
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0, 1997, 0, 0x0006)
    name = b"Lembar1"
    sheet_record_length = 4 + 8 + len(name)
    globals_length = 4 + len(bof) + sheet_record_length + 4
    width = max((len(row) for row in rows), default=0)
    first_row, end_row, first_column, end_column = dimensions or (0, len(rows), 0, width)
    cells = b"".join(
        _biff(0x0204, struct.pack("<HHHHB", r, c, 15, len(text), 0) + text)
        for r, row in enumerate(rows)
        for c, value in enumerate(row)
        if (text := str(value).encode("latin-1"))
    )
    sheet = (
        _biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 1997, 0, 0x0006))
        + _biff(0x0200, struct.pack("<IIHHH", first_row, end_row, first_column, end_column, 0))
        + cells
        + _biff(0x000A, b"")
    )
    workbook = (
        _biff(0x0809, bof)
        + _biff(0x0085, struct.pack("<IBBBB", globals_length, 0, 0, len(name), 0) + name)
        + _biff(0x000A, b"")
        + sheet
    )
    assert len(workbook) - len(sheet) == globals_length
    # 4096 bytes or more: the stream lives in ordinary sectors, not the mini stream.
    stream = workbook.ljust(max(4096, -(-len(workbook) // 512) * 512), b"\0")
    sectors = len(stream) // 512
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fat_sector, end, *range(3, 2 + sectors), end]
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16)
        + struct.pack("<HHHHH", 0x003E, 3, 0xFFFE, 9, 6) + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<109I", 0, *[free] * 108)
    )  # fmt: skip

    def entry(label: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (label + "\0").encode("utf-16-le") if label else b""
        return (
            encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1 if kind else 0)
            + struct.pack("<III", no_stream, no_stream, child) + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )  # fmt: skip

    directory = (
        entry("Root Entry", 5, 1, end, 0) + entry("Workbook", 2, no_stream, 2, len(stream))
        + entry("", 0, no_stream, 0, 0) * 2
    )  # fmt: skip
    path.write_bytes(header + fat_bytes + directory + stream)
    return path
