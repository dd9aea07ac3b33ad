from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peduli.core.commands import month_argument
from peduli.core.formatting import rupiah
from peduli.core.models import AccessLog
from peduli.core.months import YearMonth
from peduli.core.personal_data import personal_data_note
from peduli.ledger.exports import statement_pdf, statement_xlsx
from peduli.ledger.management.commands._inputs import sponsor_by_code
from peduli.ledger.selectors import sponsor_statement

BUILDERS = {"xlsx": statement_xlsx, "pdf": statement_pdf}


class Command(BaseCommand):
    help = "Laporan iuran seorang donatur untuk suatu masa, sebagai xlsx atau PDF (kop surat Disperinaker)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sponsor", required=True, help="kode donatur atau NIP ASN")
        parser.add_argument("--from", dest="first", type=month_argument, required=True, help="bulan pertama, TTTT-BB")
        parser.add_argument("--to", dest="last", type=month_argument, required=True, help="bulan terakhir, TTTT-BB")
        parser.add_argument("--format", dest="kind", choices=sorted(BUILDERS), default="xlsx")
        parser.add_argument("-o", "--output", type=Path, required=True, help="berkas yang ditulis")

    def handle(
        self, *args: Any, sponsor: str, first: YearMonth, last: YearMonth, kind: str, output: Path, **options: Any
    ) -> None:
        if first > last:
            raise CommandError(f"--from ({first}) harus sebelum atau sama dengan --to ({last}).")
        # The operator at the command line reads the whole instance; the export
        # of names is still logged.
        statement = sponsor_statement(sponsor_by_code(sponsor), first, last)
        output.write_bytes(BUILDERS[kind](statement))
        personal_data_note(action=AccessLog.Action.EXPORT, subject="sponsor_statement",
            object_id=statement.sponsor.pk, row_count=len(statement.lines),
            detail=f"perintah: {first}..{last} {kind} {output}",
        )  # fmt: skip
        self.stdout.write(
            self.style.SUCCESS(
                f"Laporan iuran {statement.sponsor.name} {first.label} – {last.label} ditulis ke {output}: "
                f"{len(statement.lines)} iuran, kurang {rupiah(statement.total_outstanding)}."
            )
        )
