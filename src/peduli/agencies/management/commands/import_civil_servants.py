import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peduli.agencies.exports import rejected_rows_xlsx
from peduli.agencies.models import RosterImport
from peduli.agencies.roster_import import roster_import_file
from peduli.core.errors import ApplicationError

EXIT_FILE_UNUSABLE = 2
EXIT_SOME_REJECTED = 3


class Command(BaseCommand):
    help = (
        "Impor data ASN dari berkas BKPSDM (xlsx/xls/ods/csv). Keluar 0 bila semua baris masuk, "
        "3 bila ada baris ditolak, 2 bila berkas tidak dapat dipakai."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan")
        parser.add_argument("--errors-to", type=Path, help="tulis baris ditolak ke berkas xlsx ini")

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        self.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stderr.flush()

    def handle(self, *args: Any, file: Path, dry_run: bool, errors_to: Path | None, **options: Any) -> None:
        try:
            headers, outcome = roster_import_file(actor=None, path=file, dry_run=dry_run, on_progress=self._progress)
        except ApplicationError as error:
            self.stderr.write(self.style.ERROR(error.message))
            sys.exit(EXIT_FILE_UNUSABLE)
        self.stderr.write("")
        verb = "akan " if dry_run else ""
        self.stdout.write(
            f"{outcome.total_rows} baris: {outcome.created} {verb}ditambahkan, {outcome.updated} {verb}diperbarui, "
            f"{outcome.unchanged} tidak berubah, {len(outcome.rejected)} ditolak."
        )
        for row in outcome.rejected[:20]:
            self.stdout.write(f"  baris {row['row']}: {row['reason']}")
        if errors_to and outcome.rejected:
            errors_to.write_bytes(rejected_rows_xlsx(RosterImport(headers=headers, rejected_rows=outcome.rejected)))
            self.stdout.write(f"Baris ditolak ditulis ke {errors_to}.")
        if outcome.rejected:
            sys.exit(EXIT_SOME_REJECTED)
