"""What hostile files cost the import worker (issue 14, ADR 0015).

    .venv/bin/python bench/hostile_uploads.py [--only NAME,…]

Its own generator writes, once, into var/bench/hostile/: a 2 KB workbook
with one cell at XFD1048576 (declared honestly, and one that hides its span
behind a small <dimension>), a zip bomb whose sheet inflates to about 2 GB,
a workbook of 50,000 zip entries, a CSV one million columns wide, a workbook
of 300,000 rows every one of which is refused, and for scale two ordinary
files of valid workers (`import_workers.generate`: 100,000 rows of xlsx,
1,000,000 rows of CSV). Each
file is then checked (a dry run of the worker import, `import_file` — the
code path of `peduli import_workers` and of the wizard's task) in a fresh
process against a scratch SQLite database, and the table gives the outcome,
the seconds, the worker's own peak memory and its reader's (the process that
parsed the file, as it reports it). Peaks are VmHWM, not ru_maxrss: Linux
keeps ru_maxrss across exec, so a process started from a big one (and the
reader started with vfork from the worker) would report its parent's peak.
"""

import argparse
import json
import logging
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

# The benchmarks' shared helpers (this folder is on sys.path when a script runs).
from import_workers import generate as generate_workers
from scratch import WORK, peak_memory_mb, scratch_database_create, setup_django

URL = f"sqlite:///{WORK / 'hostile.sqlite3'}"
FOLDER = WORK / "hostile"
HEADERS = ["NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Kode Desa", "Alamat", "No HP", "Pekerjaan"]
ROW = ["3324014506850001", "Siti Aminah", "05/06/1985", "P", "33.24.01.2001", "Dusun Krajan RT 02", "0812", "Petani"]


def _workbook(path: Path, rows: int = 1) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for n in range(rows):
        sheet.append([f"3324014506{n:06d}", *ROW[1:]])
    book.save(path)
    return path


def _far_cell(path: Path, declared: str | None) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    sheet["XFD1048576"] = "x"
    book.save(path)
    if declared:
        honest, lying = b'<dimension ref="A1:XFD1048576"', f'<dimension ref="{declared}"'.encode()
        _rewrite(path, lambda xml: xml.replace(honest, lying))


def _rewrite(path: Path, sheet: Callable[[bytes], bytes] | None = None, extra: int = 0) -> None:
    original = zipfile.ZipFile(path).infolist()
    data = {entry.filename: zipfile.ZipFile(path).read(entry.filename) for entry in original}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as copy:
        for name, content in data.items():
            copy.writestr(name, sheet(content) if sheet and name == "xl/worksheets/sheet1.xml" else content)
        for n in range(extra):
            copy.writestr(f"xl/media/extra{n}.bin", b"x")


def _many_entries(path: Path) -> None:
    _workbook(path)
    _rewrite(path, extra=50_000)


def _zip_bomb(path: Path, inflated: int = 2 * 1024**3) -> None:
    """A workbook whose sheet is ordinary rows, repeated until the XML is `inflated` bytes."""
    _workbook(path)
    names = zipfile.ZipFile(path).namelist()
    data = {name: zipfile.ZipFile(path).read(name) for name in names}
    head, _sep, tail = data["xl/worksheets/sheet1.xml"].partition(b"<sheetData>")
    row = b'<row><c t="inlineStr"><is><t>3324014506850001</t></is></c><c t="inlineStr"><is><t>Siti</t></is></c></row>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as copy:
        for name in names:
            if name != "xl/worksheets/sheet1.xml":
                copy.writestr(name, data[name])
                continue
            with copy.open(name, "w", force_zip64=True) as sheet:
                sheet.write(head + b"<sheetData>")
                block = row * 10_000
                for _ in range(inflated // len(block)):
                    sheet.write(block)
                sheet.write(b"</sheetData>" + tail.partition(b"</sheetData>")[2])


def _valid_workers(path: Path, rows: int) -> None:
    """Valid workers of Kendal's villages (the scratch database's), as CSV or as xlsx."""
    with sqlite3.connect(URL.removeprefix("sqlite:///")) as db:
        villages = [code for (code,) in db.execute("SELECT code FROM regions_region WHERE level = 4 ORDER BY code")]
    csv = path.with_suffix(".csv")
    generate_workers(csv, rows, villages)
    if path.suffix == ".xlsx":
        import polars as pl
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        frame = pl.read_csv(csv, infer_schema=False)
        sheet.append(frame.columns)
        for row in frame.iter_rows():
            sheet.append(list(row))
        book.save(path)
        csv.unlink()


def generate() -> dict[str, Path]:
    FOLDER.mkdir(parents=True, exist_ok=True)
    files = {
        "dimension bomb (XFD1048576, declared)": FOLDER / "dimension-bomb.xlsx",
        "hidden span (XFD1048576, declared A1:H2)": FOLDER / "hidden-span.xlsx",
        "zip bomb (sheet inflates to 2 GB)": FOLDER / "zip-bomb.xlsx",
        "50,000 zip entries": FOLDER / "many-entries.xlsx",
        "CSV 1,000,000 columns wide": FOLDER / "wide.csv",
        "xlsx, 300,000 rows, every one refused": FOLDER / "refused-300k.xlsx",
        "ordinary xlsx, 100,000 valid rows": FOLDER / "workers-100k.xlsx",
        "ordinary CSV, 1,000,000 valid rows": FOLDER / "workers-1m.csv",
    }
    makers: dict[str, Callable[[Path], object]] = {
        "dimension-bomb.xlsx": lambda p: _far_cell(p, None),
        "hidden-span.xlsx": lambda p: _far_cell(p, "A1:H2"),
        "zip-bomb.xlsx": _zip_bomb,
        "many-entries.xlsx": _many_entries,
        "wide.csv": lambda p: p.write_text(",".join(f"k{i}" for i in range(1_000_000)) + "\n"),
        # Their NIKs say born 2000–2029, their birth date says 1985.
        "refused-300k.xlsx": lambda p: _workbook(p, 300_000),
        "workers-100k.xlsx": lambda p: _valid_workers(p, 100_000),
        "workers-1m.csv": lambda p: _valid_workers(p, 1_000_000),
    }
    for path in files.values():
        if not path.exists():
            makers[path.name](path)
    return files


class _ReaderPeak(logging.Handler):
    """Catches the reader's peak from `imports.reading`'s log line."""

    peak_kb: int | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.INFO and isinstance(record.args, tuple) and len(record.args) == 4:
            self.peak_kb = record.args[3]  # type: ignore[assignment]


def child(path: Path) -> None:
    """One check of `path` in this fresh process; prints its figures as JSON."""
    setup_django(URL)
    from peduli.core.errors import ApplicationError
    from peduli.imports.services import import_file

    reader = _ReaderPeak()
    log = logging.getLogger("peduli.imports.reading")
    log.addHandler(reader)
    log.setLevel(logging.INFO)
    started = time.monotonic()
    try:
        batch = import_file(kind="workers", path=path, actor=None, dry_run=True)
        outcome = f"checked: {batch.total_rows:,} rows, {batch.created_count:,} new, {batch.rejected_count:,} refused"
    except ApplicationError as error:
        outcome = f"refused: {error.message}"
    seconds = time.monotonic() - started
    reader_mb = reader.peak_kb / 1024 if reader.peak_kb else None
    print(json.dumps({"outcome": outcome, "seconds": seconds, "worker_mb": peak_memory_mb(), "reader_mb": reader_mb}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child")
    parser.add_argument("--only", default="", help="comma-separated file names (e.g. zip-bomb.xlsx)")
    args = parser.parse_args()
    if args.child:
        child(Path(args.child))
        return
    WORK.mkdir(parents=True, exist_ok=True)
    scratch_database_create(URL)
    files = generate()
    only = {name for name in args.only.split(",") if name}
    print("| file | size | outcome | s | worker peak MB | reader peak MB |")
    print("|---|---|---|---|---|---|")
    for label, path in files.items():
        if only and path.name not in only:
            continue
        run = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True)
        if run.returncode != 0:
            print(f"| {label} | | the worker died ({run.returncode}): {run.stderr[-300:]!r} | | | |", flush=True)
            continue
        figures = json.loads(run.stdout.strip().splitlines()[-1])
        size = path.stat().st_size
        shown = f"{size / 1024**2:,.1f} MB" if size > 1024**2 else f"{size / 1024:,.1f} KB"
        outcome = figures["outcome"] if len(figures["outcome"]) < 110 else figures["outcome"][:107] + "…"
        reader = f"{figures['reader_mb']:.0f}" if figures["reader_mb"] else "died"
        print(f"| {label} | {shown} | {outcome} | {figures['seconds']:.2f} | {figures['worker_mb']:.0f} | "
              f"{reader} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
