from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peduli.agencies.models import Agency
from peduli.core.commands import call_service, month_argument
from peduli.core.months import YearMonth
from peduli.ledger.calendar import report_deadline
from peduli.reporting.models import MonthlyReport
from peduli.reporting.monthly_reports.selectors import monthly_report_month_rows
from peduli.reporting.monthly_reports.services import monthly_reports_open, monthly_reports_remind


class Command(BaseCommand):
    help = (
        "Buka laporan bulanan semua OPD dan kantor kecamatan untuk satu bulan, lalu tampilkan statusnya; "
        "--remind mengingatkan operator OPD yang belum melapor (sekali sehari)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", type=month_argument, required=True, help="bulan laporan, TTTT-BB")
        parser.add_argument("--remind", action="store_true", help="ingatkan OPD yang belum mengirim laporan")

    def handle(self, *args: Any, month: YearMonth, remind: bool, **options: Any) -> None:
        opened = call_service(monthly_reports_open, actor=None, month=month)
        self.stdout.write(f"Laporan {month.label}: {opened} dibuka; batas waktu {report_deadline(month):%d/%m/%Y}.")
        # The command line sees the whole instance, like the other commands.
        rows = monthly_report_month_rows(Agency.objects.all(), month=month)
        width = max((len(row.agency.name) for row in rows), default=10)
        self.stdout.write(f"{'OPD':<{width}}  {'Status':<13}  Keadaan")
        for row in rows:
            status = MonthlyReport.Status(row.report.status).label if row.report else "–"
            self.stdout.write(f"{row.agency.name:<{width}}  {status:<13}  {row.state.label}")
        submitted = sum(row.state.is_submitted for row in rows)
        self.stdout.write(f"Laporan masuk: {submitted} dari {len(rows)}.")
        if remind:
            result = call_service(monthly_reports_remind, actor=None, month=month)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Diingatkan: {len(result.reminded)} OPD; sudah diingatkan hari ini: {len(result.already_today)}; "
                    f"tanpa akun operator: {len(result.without_reporters)}."
                )
            )
            for agency in result.without_reporters:
                self.stdout.write(self.style.WARNING(f"  {agency.name}: belum ada akun operator."))
