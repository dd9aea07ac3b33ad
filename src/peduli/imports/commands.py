"""The base of every `peduli import_*` command: a progress bar on stderr, the
outcome on stdout, rejected rows to an xlsx, and exit codes scripts can test:
0 all rows imported, 3 some rows rejected, 2 the file itself is unusable."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peduli.core.errors import ApplicationError
from peduli.core.formatting import number
from peduli.imports.exports import rejected_rows_xlsx
from peduli.imports.models import ImportBatch
from peduli.imports.registry import spec_for
from peduli.imports.services import import_file

EXIT_FILE_UNUSABLE = 2
EXIT_SOME_REJECTED = 3
SHOWN_REJECTED = 20
SHOWN_CHANGES = 20
STAGES = {"read": "membaca", "check": "memeriksa", "write": "menyimpan", "done": "selesai"}


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan")
        parser.add_argument("--errors-to", type=Path, help="tulis baris ditolak ke berkas xlsx ini")
        if spec_for(self.kind).correctable:
            parser.add_argument(
                "--koreksi", metavar="ALASAN", default="", dest="correction_reason",
                help="impor koreksi data: nama pekerja terverifikasi ikut diperbarui, alasan ini dicatat di riwayat",
            )  # fmt: skip

    def _progress(self, stage: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        label = STAGES.get(stage, stage)
        self.stderr.write(f"\r{label:<10} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}   ", ending="")
        self.stderr.flush()

    def after_import(self, batch: ImportBatch) -> None:
        """What a command adds about the imported file before it exits (nothing here)."""

    def handle(self, *args: Any, file: Path, dry_run: bool, errors_to: Path | None, **options: Any) -> None:
        try:
            batch = import_file(
                kind=self.kind, path=file, actor=None, dry_run=dry_run, on_progress=self._progress,
                correction_reason=options.get("correction_reason", ""),
            )  # fmt: skip
        except ApplicationError as error:
            self.stderr.write("")
            self.stderr.write(self.style.ERROR(error.message))
            sys.exit(EXIT_FILE_UNUSABLE)
        self.stderr.write("")
        verb = "akan " if dry_run else ""
        self.stdout.write(
            f"Impor #{batch.pk}: {batch.total_rows} baris: {batch.created_count} {verb}ditambahkan, "
            f"{batch.updated_count} {verb}diperbarui, {batch.unchanged_count} tidak berubah, "
            f"{batch.rejected_count} ditolak, {batch.duplicate_count} kemungkinan duplikat."
        )
        for change in batch.changes[:SHOWN_CHANGES]:
            fields = "; ".join(f"{field['column']}: {field['old']} → {field['new']}" for field in change["fields"])
            self.stdout.write(f"  baris {change['row']} ({change['key']}, {change['name']}): {fields}")
        if batch.updated_count > SHOWN_CHANGES:
            self.stdout.write(f"  … dan {number(batch.updated_count - SHOWN_CHANGES)} baris lain yang mengubah data.")
        for row in batch.rejected_rows.order_by("row_number")[:SHOWN_REJECTED]:
            self.stdout.write(f"  baris {row.row_number}: {row.reason}")
        if batch.rejected_count > SHOWN_REJECTED:
            kept = batch.rejected_rows.count()
            self.stdout.write(
                f"  … dan {number(batch.rejected_count - SHOWN_REJECTED)} lainnya"
                + (f" ({number(kept)} pertama tersimpan di batch #{batch.pk})" if kept < batch.rejected_count else "")
                + "."
            )
        if errors_to and batch.rejected_count:
            errors_to.write_bytes(rejected_rows_xlsx(spec_for(self.kind), batch))
            self.stdout.write(f"Baris ditolak ditulis ke {errors_to}.")
        self.after_import(batch)
        if batch.rejected_count:
            sys.exit(EXIT_SOME_REJECTED)
