from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peduli.core.commands import call_service, month_argument
from peduli.core.months import YearMonth
from peduli.ledger.coverage import LAPSE_MONTHS, coverage_lapse


class Command(BaseCommand):
    help = "Status perlindungan pekerja: lapse."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        lapse = sub.add_parser(
            "lapse", help=f"nonaktifkan pekerja yang iurannya {LAPSE_MONTHS} bulan berturut-turut belum dibayar"
        )
        lapse.add_argument("--month", type=month_argument, required=True, help="bulan terakhir yang diperiksa, TTTT-BB")

    def handle(self, *args: Any, action: str, month: YearMonth, **options: Any) -> None:
        lapsed = call_service(coverage_lapse, month=month)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(lapsed)} pekerja tidak aktif: iuran menunggak {LAPSE_MONTHS} bulan sampai {month.label}."
            )
        )
