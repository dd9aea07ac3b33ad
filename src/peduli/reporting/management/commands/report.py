import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peduli.core.commands import call_service, month_argument
from peduli.core.months import YearMonth
from peduli.reporting.coverage.reports import monthly_report
from peduli.reporting.exports.recap_pdf import recap_pdf_bytes
from peduli.reporting.exports.recap_xlsx import recap_xlsx_bytes

FILE_BUILDERS = {"xlsx": recap_xlsx_bytes, "pdf": recap_pdf_bytes}


class Command(BaseCommand):
    help = (
        "Laporan bulanan Gerakan ASN Peduli: indikator satu bulan untuk kabupaten, kecamatan, desa atau OPD, "
        "sebagai JSON, xlsx atau PDF. Snapshot yang berubah diperbarui dulu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", type=month_argument, required=True, help="bulan laporan, TTTT-BB")
        parser.add_argument(
            "--scope", default="regency", help="regency (bawaan), district:KODE, village:KODE atau agency:KODE"
        )
        parser.add_argument("--format", dest="kind", choices=["json", "xlsx", "pdf"], default="json")
        parser.add_argument("-o", "--output", type=Path, help="berkas yang ditulis (JSON bawaan ke layar)")

    def handle(self, *args: Any, month: YearMonth, scope: str, kind: str, output: Path | None, **options: Any) -> None:
        report = call_service(monthly_report, user=None, month=month, scope_text=scope, refresh=True)
        if kind == "json":
            text = json.dumps(report.as_json(), indent=2, ensure_ascii=False)
            if output is None:
                self.stdout.write(text)
                return
            output.write_text(text + "\n", encoding="utf-8")
        else:
            if output is None:
                raise CommandError(f"Format {kind} ditulis ke berkas: tambahkan -o BERKAS.{kind}.")
            output.write_bytes(FILE_BUILDERS[kind](scope=report.scope, month=month))
        self.stdout.write(self.style.SUCCESS(f"Laporan {report.scope.label} {month.label} ditulis ke {output}."))
