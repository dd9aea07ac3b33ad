"""Inspecting a spreadsheet before any parser sees it (ADR 0015): what the
reader process (`imports.reader_process`) refuses first, by the limits the
caller gives, without laying out a single cell.

Calamine turns a sheet into one dense grid as wide and tall as the span of
its cells (`Range::from_sparse`), so one cell at XFD1048576 asks for
17 billion cells (512 GiB) and Rust aborts the process. These checks refuse
a file whose container is a bomb or whose sheets declare such a span; one
that lies about it is stopped by the reader's memory limit. Calamine itself
refuses a zip entry that inflates past its declared size, so the declared
sizes checked here are the ones it will meet.

What a sheet declares, per format, read as calamine reads it:

- xlsx: each worksheet's `<dimension ref>`, from the start of its XML.
- ods: content.xml holds no dimension, but `table:number-rows-repeated` and
  `table:number-columns-repeated` let a few bytes stand for a million rows
  or columns, which calamine lays out cell by cell. Every table's span of
  non-empty cells is counted from those attributes with expat (no entity,
  no DOCTYPE), without laying anything out: about 2.5 s for 100,000 rows.
- xls: every sheet's DIMENSIONS record (BIFF), found by walking the
  records of the Workbook stream of the compound file; calamine reserves
  room for that many cells the moment it reads the record.

Like the reader process, this module imports neither Django nor anything
else of Peduli's.
"""

import re
import struct
import sys
import xml.parsers.expat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# An entry this small cannot make a bomb, whatever its ratio (a styles.xml
# of repeated elements compresses several hundred times).
RATIO_FLOOR_BYTES = 1024 * 1024
# How much of a worksheet's XML is streamed to find its <dimension>, which
# the schema puts before <sheetData>.
DIMENSION_SCAN_BYTES = 256 * 1024
WORKSHEET_ENTRY = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData\b")
CELL_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
# ods: the attributes that give a cell a value for calamine (a string cell
# has its value in its paragraphs); a cell without one is empty.
ODS_CONTENT = "content.xml"
ODS_VALUES = frozenset(
    ("office:value", "office:string-value", "office:date-value", "office:time-value", "office:boolean-value",
     "table:formula")
)  # fmt: skip
ODS_CELLS = frozenset(("table:table-cell", "table:covered-table-cell"))
ODS_READ_BYTES = 1024 * 1024
REPEAT_DIGITS = 20  # a usize, as calamine parses a repeat
# xls: a compound file (MS-CFB) holding the BIFF Workbook stream (MS-XLS).
CFB_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
CFB_END_OF_CHAIN = 0xFFFFFFFE  # with 0xFFFFFFFF (free): where a chain or a list of sectors ends
CFB_HEADER_DIFAT = 109
CFB_WORKBOOK_STREAMS = ("workbook", "book")
BIFF_EOF, BIFF_BOUNDSHEET, BIFF_DIMENSIONS = 0x000A, 0x0085, 0x0200


@dataclass(frozen=True)
class Limits:
    """What a file may hold; the caller builds it from the settings."""

    max_rows: int
    max_columns: int
    max_inflated_bytes: int
    max_ratio: int
    max_entries: int
    memory_bytes: int
    chunk_rows: int


class Refused(Exception):
    """The file is beyond a limit or unreadable: `code` and its figures."""

    def __init__(self, code: str, **detail: Any) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def column_number(letters: str) -> int:
    """A1-style column letters as a 1-based number: A → 1, XFD → 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def column_letters(number: int) -> str:
    """A 1-based column number in A1 style: 1 → A, 16384 → XFD."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _span_check(rows: int, columns: int, last: str, limits: Limits) -> None:
    """Refuse a sheet declared `rows` tall (its header row included) and
    `columns` wide, up to the cell `last`, beyond the limits."""
    if columns > limits.max_columns:
        raise Refused("dimension_columns", found=columns, cell=last, limit=limits.max_columns)
    if rows > limits.max_rows + 1:
        raise Refused("dimension_rows", found=rows - 1, cell=last, limit=limits.max_rows)


def _dimension_span(ref: str) -> tuple[int, int, str] | None:
    """Rows, columns and last cell a `<dimension ref>` declares, or None when unreadable."""
    corners = [CELL_REFERENCE.match(part.strip()) for part in ref.split(":")]
    if not corners or len(corners) > 2 or not all(corners):
        return None
    first = corners[0]
    last = corners[-1]
    assert first is not None and last is not None
    rows = abs(int(last.group(2)) - int(first.group(2))) + 1
    columns = abs(column_number(last.group(1)) - column_number(first.group(1))) + 1
    return rows, columns, f"{last.group(1).upper()}{last.group(2)}"


def _declared_dimension(archive: zipfile.ZipFile, name: str) -> str | None:
    """The `ref` of a worksheet's <dimension>, read from the start of its XML only."""
    head = b""
    with archive.open(name) as stream:
        while len(head) < DIMENSION_SCAN_BYTES:
            piece = stream.read(16 * 1024)
            if not piece:
                break
            head += piece
            found = DIMENSION.search(head)
            if found:
                return found.group(1).decode("ascii", errors="replace")
            if SHEET_DATA.search(head):
                return None
    return None


def inspect_archive(path: Path, limits: Limits) -> None:
    """Refuse a zip-based spreadsheet beyond the limits, before any parser sees it."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise Refused("unreadable", cause=error.__class__.__name__) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_entries:
            raise Refused("entries", found=len(entries), limit=limits.max_entries)
        inflated = 0
        for entry in entries:
            if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise Refused("method", entry=entry.filename)
            inflated += entry.file_size
            if inflated > limits.max_inflated_bytes:
                raise Refused("inflated", limit=limits.max_inflated_bytes)
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > RATIO_FLOOR_BYTES and ratio > limits.max_ratio:
                raise Refused("ratio", entry=entry.filename, ratio=int(ratio), limit=limits.max_ratio)
        for entry in entries:
            if not WORKSHEET_ENTRY.match(entry.filename):
                continue
            try:
                ref = _declared_dimension(archive, entry.filename)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
                raise Refused("unreadable", cause=error.__class__.__name__) from None
            span = _dimension_span(ref) if ref else None
            if span is not None:
                _span_check(*span, limits)
        if path.suffix.lower() == ".ods" and ODS_CONTENT in archive.namelist():
            with archive.open(ODS_CONTENT) as content:
                _OdsSpan(limits).read(content)


def _repeat(value: str | None) -> int:
    """A table:number-*-repeated value; refused unless calamine can parse it."""
    if value is None:
        return 1
    if not (value.isascii() and value.isdigit() and len(value) <= REPEAT_DIGITS):
        raise Refused("unreadable", cause="number-repeated")
    return int(value)


class _OdsSpan:
    """The span of every table of an ods content.xml, as calamine lays it out
    (ods.rs `read_row`, `get_range`): from the first to the last row with a
    non-empty cell, repeats counted, empty rows between them included; from
    the leftmost to the rightmost non-empty cell. What a cell holds is not
    looked into (calamine skips it too). A table beyond a limit is refused
    at its end, naming its last cell; nothing is laid out."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.parser = xml.parsers.expat.ParserCreate()  # no namespaces: names as written, as calamine matches them
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.StartDoctypeDeclHandler = self._refuse_doctype
        self.parser.EntityDeclHandler = self._refuse_doctype
        self.tables = 0  # depth of table:table elements
        self.inside_cell = 0  # depth of cells: what is in one is not the table's
        self._table_start()
        self._row_start(1)

    def read(self, stream: Any) -> None:
        try:
            while piece := stream.read(ODS_READ_BYTES):
                self.parser.Parse(piece, False)
            self.parser.Parse(b"", True)
        except xml.parsers.expat.ExpatError:
            raise Refused("unreadable", cause="content.xml") from None

    @staticmethod
    def _refuse_doctype(*_args: Any) -> None:
        raise Refused("unreadable", cause="DOCTYPE")

    def _table_start(self) -> None:
        self.row = 0  # rows so far, repeats counted
        self.first_row, self.last_row = -1, 0
        self.first_column, self.last_column = sys.maxsize, 0

    def _row_start(self, repeat: int) -> None:
        self.row_repeat, self.column, self.row_first, self.row_end = repeat, 0, -1, 0

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        if self.inside_cell:
            self.inside_cell += name in ODS_CELLS
            return
        if name in ODS_CELLS:
            self.inside_cell = 1
            first = self.column
            self.column += _repeat(attributes.get("table:number-columns-repeated"))
            if attributes.get("office:value-type") == "string" or not ODS_VALUES.isdisjoint(attributes):
                self.row_first = first if self.row_first < 0 else self.row_first
                self.row_end = self.column
        elif name == "table:table-row":
            self._row_start(_repeat(attributes.get("table:number-rows-repeated")))
        elif name == "table:table":
            self.tables += 1
            if self.tables == 1:
                self._table_start()

    def _end(self, name: str) -> None:
        if self.inside_cell:
            self.inside_cell -= name in ODS_CELLS
            return
        if name == "table:table":
            self.tables -= 1
            if not self.tables and self.first_row >= 0:
                last = f"{column_letters(self.last_column)}{self.last_row}"
                _span_check(self.last_row - self.first_row, self.last_column - self.first_column, last, self.limits)
        elif name == "table:table-row" and self.tables:
            if self.row_end:
                if self.first_row < 0:
                    self.first_row = self.row
                self.last_row = self.row + self.row_repeat
                self.first_column = min(self.first_column, self.row_first)
                self.last_column = max(self.last_column, self.row_end)
            self.row += self.row_repeat


def _cfb_workbook(data: bytes) -> bytes | None:
    """The Workbook (or BIFF5 Book) stream of a compound file, or None when
    `data` is no compound file (calamine says why). Chains are followed at
    most as many steps as the file has sectors, so a loop ends."""
    if not data.startswith(CFB_SIGNATURE) or len(data) < 512:
        return None
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if not (7 <= shift <= 16 and mini_shift < shift):
        raise Refused("unreadable", cause="CFB")
    size = 1 << shift
    sectors = (len(data) - 512 + size - 1) // size + 1
    (first_directory,) = struct.unpack_from("<I", data, 0x30)
    cutoff, first_mini_fat, _mini_fat_count, first_difat, _difat_count = struct.unpack_from("<IIIII", data, 0x38)

    def sector(number: int) -> bytes:
        start = size * (number + 1)  # the header fills sector -1
        if number >= sectors or start >= len(data):
            raise Refused("unreadable", cause="CFB")
        return data[start : start + size].ljust(size, b"\0")

    fat_sectors = [n for n in struct.unpack_from(f"<{CFB_HEADER_DIFAT}I", data, 0x4C) if n < CFB_END_OF_CHAIN]
    difat, steps = first_difat, 0
    while difat < CFB_END_OF_CHAIN and steps < sectors:
        pointers = struct.unpack(f"<{size // 4}I", sector(difat))
        fat_sectors += [n for n in pointers[:-1] if n < CFB_END_OF_CHAIN]
        difat, steps = pointers[-1], steps + 1
    # No more FAT than the file's sectors need, whatever the DIFAT lists.
    fat_sectors = fat_sectors[: sectors // (size // 4) + 1]
    fat = [n for number in fat_sectors for n in struct.unpack(f"<{size // 4}I", sector(number))]

    def chain(start: int, table: list[int], limit: int) -> list[int]:
        found: list[int] = []
        while start < CFB_END_OF_CHAIN and len(found) < limit:
            if start >= len(table):
                raise Refused("unreadable", cause="CFB")
            found.append(start)
            start = table[start]
        return found

    directory = b"".join(sector(n) for n in chain(first_directory, fat, sectors))
    entries = [directory[at : at + 128] for at in range(0, len(directory) - 127, 128)]
    if not entries:
        raise Refused("unreadable", cause="CFB")
    for entry in entries:
        (name_bytes,) = struct.unpack_from("<H", entry, 64)
        name = entry[: max(0, min(name_bytes, 64) - 2)].decode("utf-16-le", errors="replace")
        if entry[66] != 2 or name.lower() not in CFB_WORKBOOK_STREAMS:
            continue
        start, length = struct.unpack_from("<IQ", entry, 116)
        length = min(length if shift > 9 else length & 0xFFFFFFFF, len(data))
        if length >= cutoff:
            stream = b"".join(sector(n) for n in chain(start, fat, sectors))
        else:
            (root_start,) = struct.unpack_from("<I", entries[0], 116)
            mini_stream = b"".join(sector(n) for n in chain(root_start, fat, sectors))
            mini_fat_bytes = b"".join(sector(n) for n in chain(first_mini_fat, fat, sectors))
            mini_fat = list(struct.unpack(f"<{len(mini_fat_bytes) // 4}I", mini_fat_bytes))
            mini = 1 << mini_shift
            stream = b"".join(
                mini_stream[n * mini : (n + 1) * mini] for n in chain(start, mini_fat, len(mini_stream) // mini + 1)
            )
        return stream[:length]
    raise Refused("unreadable", cause="Workbook")


def _biff_records(stream: bytes, start: int) -> Iterator[tuple[int, int, int]]:
    """(type, offset of the data, its length) of each BIFF record from `start`
    to the end of its substream (EOF) or of the stream."""
    at, end = start, len(stream) - 4
    while 0 <= at <= end:
        kind, length = struct.unpack_from("<HH", stream, at)
        yield kind, at + 4, length
        if kind == BIFF_EOF:
            return
        at += 4 + length


def inspect_xls(path: Path, limits: Limits) -> None:
    """Refuse an xls whose sheets' DIMENSIONS records declare a span beyond
    the limits (read as calamine's xls.rs `parse_dimensions` reads them),
    before calamine reserves room for it."""
    stream = _cfb_workbook(path.read_bytes())
    if stream is None:
        return
    sheets = [
        struct.unpack_from("<I", stream, at)[0]
        for kind, at, length in _biff_records(stream, 0)
        if kind == BIFF_BOUNDSHEET and length >= 4
    ]
    for sheet in sheets:
        for kind, at, length in _biff_records(stream, sheet):
            if kind != BIFF_DIMENSIONS or length not in (10, 14):
                continue
            if length == 14:
                first_row, end_row, first_column, end_column = struct.unpack_from("<IIHH", stream, at)
            else:
                first_row, end_row, first_column, end_column = struct.unpack_from("<HHHH", stream, at)
            if end_row < 1 or end_column < 1:
                continue
            # The last row and column are one past the end; calamine's u32
            # arithmetic wraps when the first is past the last.
            rows = (end_row - 1 - first_row) % 2**32 + 1
            columns = (end_column - 1 - first_column) % 2**32 + 1
            _span_check(rows, columns, f"{column_letters(end_column)}{end_row}", limits)
