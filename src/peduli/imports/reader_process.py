"""The process that reads an uploaded file, so that no file can take down the
process that asked (ADR 0015).

    python -m peduli.imports.reader_process FILE OUTPUT_DIR LIMITS_JSON

It runs under an address-space limit (RLIMIT_AS, set before anything big is
imported). It first inspects the spreadsheet without letting calamine near
it (`imports.inspection`: a zip's entries, sizes and ratios, and the span
every sheet declares — an xlsx `<dimension>`, an ods's repeated rows and
columns, an xls DIMENSIONS record) and only then lets python-calamine parse
it. A file that lies about its span is stopped by the memory limit, here
and not in the worker.

The rows are written to OUTPUT_DIR as Arrow IPC chunks (`_row`, `c0…cN`,
`n0…nN`, as `imports.reading.Table` documents) and `manifest.json` says what
came out: the headers, the row count and the chunk files, or a refusal code
with its figures, which the caller turns into an Indonesian message. This
module imports neither Django nor anything of Peduli's but the inspection,
so it starts fast and holds no settings or secrets.
"""

import json
import resource
import sys
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from peduli.imports.inspection import Limits, Refused, inspect_archive, inspect_xls

MANIFEST = "manifest.json"
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
ZIP_SUFFIXES = {".xlsx", ".xlsm", ".ods"}
ROW_COLUMN = "_row"
# Dropped from headers, which are only matched and stored (PostgreSQL holds
# no NUL); a cell keeps it, and the engine refuses its row.
NUL = "\x00"
# The whitespace trimmed from around a cell: Python's and Rust's but for the
# control characters among them (VT, FF, U+001C–U+001F, NEL), which stay in
# the cell for the engine to refuse.
SPACES = "".join(
    ch for ch in map(chr, range(0x3001)) if ch.isspace() and (ch in "\t\n\r" or unicodedata.category(ch) != "Cc")
)


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
    # A control character (NUL included) stays: the engine refuses its row.
    text = str(value).strip(SPACES)
    return (text or None), False


def _is_blank(cells: list[Any]) -> bool:
    return all(cell is None or str(cell).strip(SPACES) == "" for cell in cells)


class _ChunkWriter:
    """Writes frames of rows as numbered Arrow IPC files."""

    def __init__(self, folder: Path, width: int) -> None:
        self.folder, self.width = folder, width
        self.files: list[str] = []
        self.rows = 0

    def write(self, frame: Any) -> None:
        name = f"chunk-{len(self.files):05d}.arrow"
        frame.write_ipc(self.folder / name)
        self.files.append(name)
        self.rows += frame.height

    def write_rows(self, rows: list[list[Any]], numbers: list[int]) -> None:
        import polars as pl

        width = self.width
        texts: list[list[str | None]] = [[] for _ in range(width)]
        flags: list[list[bool]] = [[] for _ in range(width)]
        for cells in rows:
            for i in range(width):
                text, is_number = _cell_text(cells[i] if i < len(cells) else None)
                texts[i].append(text)
                flags[i].append(is_number)
        data: dict[str, Any] = {ROW_COLUMN: numbers}
        data |= {f"c{i}": texts[i] for i in range(width)}
        data |= {f"n{i}": flags[i] for i in range(width)}
        schema = {ROW_COLUMN: pl.Int64} | {f"c{i}": pl.String for i in range(width)}
        self.write(pl.DataFrame(data, schema=schema | {f"n{i}": pl.Boolean for i in range(width)}))


def _spreadsheet(path: Path, folder: Path, limits: Limits) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    if path.suffix.lower() in ZIP_SUFFIXES:
        inspect_archive(path, limits)
    elif path.stat().st_size > limits.max_inflated_bytes:
        raise Refused("inflated", limit=limits.max_inflated_bytes)
    else:
        inspect_xls(path, limits)
    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    except MemoryError:
        raise
    except Exception as exc:  # calamine raises several unrelated types for a bad file
        raise Refused("unreadable", cause=exc.__class__.__name__) from None
    # The span of the cells, now that calamine holds them: a file that lied
    # about its dimension but fitted in memory is still held to the limits.
    if sheet.width > limits.max_columns:
        raise Refused("columns", found=sheet.width, limit=limits.max_columns)
    if sheet.height > limits.max_rows + 1:
        raise Refused("rows", found=sheet.height - 1, limit=limits.max_rows)
    rows: Iterator[list[Any]] = iter(sheet.iter_rows())
    header_cells = next((cells for cells in rows if not _is_blank(cells)), None)
    if header_cells is None:
        raise Refused("empty")
    headers = [str(cell).replace(NUL, "").strip() for cell in header_cells]
    writer = _ChunkWriter(folder, len(headers))
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
        if len(buffer) == limits.chunk_rows:
            writer.write_rows(buffer, numbers)
            buffer, numbers = [], []
    if buffer:
        writer.write_rows(buffer, numbers)
    return {"headers": headers, "total_rows": writer.rows, "chunks": writer.files}


def _decode(raw: bytes) -> bytes:
    try:
        raw.decode("utf-8")
        return raw.removeprefix(b"\xef\xbb\xbf")
    except UnicodeDecodeError:
        # Older Windows Excel saves CSV as cp1252.
        return raw.decode("cp1252", errors="replace").encode("utf-8")


def _csv(path: Path, folder: Path, limits: Limits) -> dict[str, Any]:
    import polars as pl

    if path.stat().st_size > limits.max_inflated_bytes:
        raise Refused("inflated", limit=limits.max_inflated_bytes)
    data = _decode(path.read_bytes())
    first_line = data[: data.find(b"\n")] if b"\n" in data else data
    # Indonesian Excel writes CSV with semicolons (the comma is the decimal mark).
    separator = ";" if first_line.count(b";") > first_line.count(b",") else ","
    # Cheap bounds before polars builds anything: one column per separator of
    # the first line, one row per line.
    if first_line.count(separator.encode()) + 1 > limits.max_columns:
        raise Refused("columns", found=first_line.count(separator.encode()) + 1, limit=limits.max_columns)
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if lines > limits.max_rows + 1:
        raise Refused("rows", found=lines - 1, limit=limits.max_rows)
    try:
        frame = pl.read_csv(data, separator=separator, has_header=False, infer_schema=False, truncate_ragged_lines=True)
    except pl.exceptions.PolarsError:
        raise Refused("unreadable_csv") from None
    del data
    width = frame.width
    if width > limits.max_columns:
        raise Refused("columns", found=width, limit=limits.max_columns)
    values = [f"c{i}" for i in range(width)]
    frame = frame.rename({old: f"c{i}" for i, old in enumerate(frame.columns)})
    frame = frame.with_columns(pl.col(values).str.strip_chars(SPACES).replace("", None))
    frame = frame.with_row_index(ROW_COLUMN, offset=1).with_columns(pl.col(ROW_COLUMN).cast(pl.Int64))
    frame = frame.filter(~pl.all_horizontal(pl.col(values).is_null()))
    if frame.height == 0:
        raise Refused("empty")
    headers = [str(value or "").replace(NUL, "").strip() for value in frame.row(0)[1:]]
    body = frame.slice(1).with_columns([pl.lit(False).alias(f"n{i}") for i in range(width)])
    writer = _ChunkWriter(folder, width)
    for chunk in body.iter_slices(limits.chunk_rows):
        writer.write(chunk)
    return {"headers": headers, "total_rows": writer.rows, "chunks": writer.files}


def read(path: Path, folder: Path, limits: Limits) -> dict[str, Any]:
    """Read `path` into chunk files in `folder`; the manifest's content."""
    try:
        if path.suffix.lower() == ".csv":
            return _csv(path, folder, limits)
        return _spreadsheet(path, folder, limits)
    except Refused as refusal:
        return {"error": refusal.code, **refusal.detail}


def peak_resident_kb() -> int | None:
    """This process's peak resident memory (VmHWM; ru_maxrss would carry the
    parent's over the exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _write_manifest(folder: Path, content: dict[str, Any]) -> None:
    partial = folder / (MANIFEST + ".part")
    partial.write_text(json.dumps(content))
    partial.replace(folder / MANIFEST)


def main(argv: list[str]) -> int:
    path, folder, limits = Path(argv[0]), Path(argv[1]), Limits(**json.loads(argv[2]))
    # First, before polars or calamine map anything: whatever the file asks
    # for beyond this fails here, as a MemoryError or an abort of this process.
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    try:
        content = read(path, folder, limits)
    except MemoryError:
        content = {"error": "memory"}
    _write_manifest(folder, content | {"peak_kb": peak_resident_kb()})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
