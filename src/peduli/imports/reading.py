"""Reading any tabular file (xlsx, xlsm, xls, ods, csv) as chunks of text columns.

Every cell becomes text, but a spreadsheet cell that held a number is marked
(column `n<i>` beside `c<i>`), so an identity number Excel turned into a number
can be refused instead of silently trusted. Chunks bound the memory a file of a
million rows needs.

The file is never parsed in the calling process (a web request or the task
worker): `imports.reader_process` inspects and parses it in a process of its
own under an address-space limit and writes the rows as Arrow chunks to a
private temporary folder, which the returned `Table` reads one chunk at a
time and removes when closed (ADR 0015). Whatever a hostile file does —
a cell at XFD1048576, a zip bomb, a native crash — ends in an
ApplicationError naming the limit, and the caller lives on.
"""

import json
import logging
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import polars as pl
from django.conf import settings
from django.utils.translation import gettext as _

from peduli.core.errors import ApplicationError
from peduli.core.formatting import byte_size, number
from peduli.imports import reader_process
from peduli.imports.inspection import Limits
from peduli.imports.reader_process import MANIFEST, ROW_COLUMN, SPREADSHEET_SUFFIXES

__all__ = ["CHUNK_ROWS", "ROW_COLUMN", "SUPPORTED_SUFFIXES", "Table", "read_table"]

SUPPORTED_SUFFIXES = SPREADSHEET_SUFFIXES | {".csv"}
CHUNK_ROWS = 50_000
# What the reader's environment holds: nothing of ours (no SECRET_KEY, no
# DATABASE_URL). One polars thread and two malloc arenas keep its address
# space near what it uses, whatever the machine's core count: the limit is
# on address space, and every thread's arena counts.
READER_ENVIRONMENT = {"LANG": "C.UTF-8", "POLARS_MAX_THREADS": "1", "MALLOC_ARENA_MAX": "2"}
STDERR_KEPT = 2_000

logger = logging.getLogger(__name__)


@dataclass
class Table:
    """A file's header and an iterator over its data rows in chunks.

    Each chunk has `_row` (the 1-based row number in the file, the header
    being row 1), `c0…cN` (text or null) and `n0…nN` (the cell was a number).
    Use it as a context manager (or call `close`): the chunks wait in a
    temporary folder until then.
    """

    headers: list[str]
    total_rows: int
    chunks: Iterator[pl.DataFrame]
    folder: Path | None = field(default=None, repr=False)

    def close(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self) -> "Table":
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def value_columns(width: int) -> list[str]:
    return [f"c{i}" for i in range(width)]


def number_columns(width: int) -> list[str]:
    return [f"n{i}" for i in range(width)]


def reader_limits(chunk_rows: int = CHUNK_ROWS) -> Limits:
    """The limits of settings.py (PEDULI_IMPORT_*) as the reader process takes them."""
    return Limits(
        max_rows=settings.PEDULI_IMPORT_MAX_ROWS,
        max_columns=settings.PEDULI_IMPORT_MAX_COLUMNS,
        max_inflated_bytes=settings.PEDULI_IMPORT_MAX_INFLATED_BYTES,
        max_ratio=settings.PEDULI_IMPORT_MAX_RATIO,
        max_entries=settings.PEDULI_IMPORT_MAX_ENTRIES,
        memory_bytes=settings.PEDULI_IMPORT_READER_MEMORY_BYTES,
        chunk_rows=chunk_rows,
    )


def _reach(code: str, detail: dict[str, Any]) -> str:
    """How a count refusal begins: the sheet's declared span, or what the file held."""
    if code.startswith("dimension_"):
        return _("Lembar kerja terbentang sampai sel %(cell)s: ") % {"cell": detail["cell"]}
    return _("Berkas berisi ")


def _refusal(code: str, detail: dict[str, Any], limits: Limits) -> str:
    """The Indonesian message for the reader's refusal `code`, naming the limit."""
    if code == "entries":
        return _(
            "Berkas berisi %(found)s bagian di dalam arsipnya, lebih dari batas %(limit)s. "
            "Simpan ulang lembar kerja tanpa gambar atau lampiran, lalu unggah lagi."
        ) % {"found": number(detail["found"]), "limit": number(detail["limit"])}
    if code == "inflated":
        return _(
            "Isi berkas lebih besar dari batas %(limit)s setelah dibuka. Pecah menjadi beberapa berkas yang lebih "
            "kecil."
        ) % {"limit": byte_size(detail["limit"])}
    if code == "ratio":
        return _(
            "Berkas dimampatkan secara tidak wajar: bagian %(entry)s membesar %(ratio)s kali, batasnya %(limit)s "
            "kali. Simpan ulang berkas dari Excel atau LibreOffice, lalu unggah lagi."
        ) % {"entry": detail["entry"], "ratio": number(detail["ratio"]), "limit": number(detail["limit"])}
    if code == "method":
        return _("Berkas memakai cara pemampatan yang tidak dikenal; simpan ulang sebagai .xlsx.")
    if code in ("dimension_columns", "columns"):
        return _reach(code, detail) + _(
            "%(found)s kolom, lebih dari batas %(limit)s kolom. Hapus isi dan format sel di luar tabel data "
            "(Ctrl+End menunjukkan sel terakhir), simpan ulang, lalu unggah lagi."
        ) % {"found": number(detail["found"]), "limit": number(detail["limit"])}
    if code in ("dimension_rows", "rows"):
        return _reach(code, detail) + _(
            "%(found)s baris data, lebih dari batas %(limit)s baris. Pecah menjadi beberapa berkas, atau hapus "
            "baris kosong di bawah tabel data, lalu unggah lagi."
        ) % {"found": number(detail["found"]), "limit": number(detail["limit"])}
    if code == "memory":
        return _memory_message(limits)
    if code == "empty":
        return _("Berkas kosong: tidak ada baris data.")
    if code == "unreadable_csv":
        return _("Berkas CSV tidak dapat dibaca; simpan ulang sebagai .xlsx.")
    return _("Berkas tidak dapat dibaca sebagai lembar kerja (%(error)s). Simpan ulang sebagai .xlsx.") % {
        "error": detail.get("cause", code)
    }


def _memory_message(limits: Limits) -> str:
    return _(
        "Berkas tidak dapat dibaca dalam batas memori pembaca %(limit)s; biasanya ada isi atau format sel jauh "
        "di luar tabel data. Hapus baris dan kolom di luar tabel, simpan ulang, lalu unggah lagi."
    ) % {"limit": byte_size(limits.memory_bytes)}


def _run_reader(path: Path, folder: Path, limits: Limits) -> dict[str, Any]:
    """Run the reader process on `path`; its manifest, or ApplicationError
    when it was refused, timed out or died."""
    source_root = Path(reader_process.__file__).resolve().parents[2]
    command = [
        sys.executable,
        "-m",
        "peduli.imports.reader_process",
        str(path),
        str(folder),
        json.dumps(asdict(limits)),
    ]
    environment = READER_ENVIRONMENT | {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(source_root)}
    timeout = settings.PEDULI_IMPORT_READER_TIMEOUT
    errors = folder / "stderr.txt"
    with errors.open("wb") as stderr:
        process = subprocess.Popen(
            command, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr
        )
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            message = _("Pembacaan berkas melebihi batas waktu %(limit)s detik. Pecah menjadi beberapa berkas.")
            raise ApplicationError(message % {"limit": number(timeout)}, field="file") from None
    manifest = folder / MANIFEST
    if code == 0 and manifest.is_file():
        return dict(json.loads(manifest.read_text()))
    said = errors.read_bytes()[-STDERR_KEPT:].decode(errors="replace")
    logger.warning("reader process for %s ended with %s: %s", path.name, code, said)
    died_of_memory = "memory allocation" in said or "MemoryError" in said or code == -signal.SIGKILL
    if died_of_memory:
        raise ApplicationError(_memory_message(limits), field="file")
    raise ApplicationError(
        _(
            "Pembaca berkas berhenti sebelum selesai (%(how)s). Simpan ulang berkas sebagai .xlsx, lalu unggah lagi; "
            "bila tetap gagal, berkas mungkin melampaui batas memori pembaca %(limit)s."
        )
        % {
            "how": _("sinyal %(n)s") % {"n": -code} if code < 0 else _("kode %(n)s") % {"n": code},
            "limit": byte_size(limits.memory_bytes),
        },
        field="file",
    )


def _chunks(folder: Path, names: list[str]) -> Iterator[pl.DataFrame]:
    for name in names:
        chunk_path = folder / name
        frame = pl.read_ipc(chunk_path, memory_map=False)
        chunk_path.unlink(missing_ok=True)
        yield frame


def read_table(path: Path, *, chunk_rows: int = CHUNK_ROWS) -> Table:
    """Open a file for import; raise ApplicationError (field "file") when it
    is unusable or beyond the limits of settings.py (PEDULI_IMPORT_*)."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ApplicationError(
            _("Format berkas %(suffix)s tidak didukung; gunakan .xlsx, .xls, .ods atau .csv.")
            % {"suffix": suffix or "(tanpa ekstensi)"},
            field="file",
        )
    limits = reader_limits(chunk_rows)
    folder = Path(tempfile.mkdtemp(prefix="peduli-read-"))
    started = time.monotonic()
    try:
        manifest = _run_reader(path.resolve(), folder, limits)
        logger.info(
            "read %s: %s in %.2f s, reader peak %s kB", path.name,
            manifest.get("error") or f"{manifest['total_rows']} rows", time.monotonic() - started, manifest["peak_kb"],
        )  # fmt: skip
        if "error" in manifest:
            raise ApplicationError(_refusal(manifest["error"], manifest, limits), field="file")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Table(
        headers=list(manifest["headers"]),
        total_rows=int(manifest["total_rows"]),
        chunks=_chunks(folder, list(manifest["chunks"])),
        folder=folder,
    )
