from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peduli.core.commands import call_service, date_argument
from peduli.ledger.calendar import last_overdue_month
from peduli.ledger.coverage import LAPSE_MONTHS, coverage_sync


class Command(BaseCommand):
    help = "Status perlindungan pekerja menurut iuran dan kalender BPJS."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sync = sub.add_parser(
            "sync",
            help="sesuaikan status pekerja: terlindungi, menunggak (iuran lewat jatuh tempo), "
            f"tidak aktif ({LAPSE_MONTHS} bulan menunggak)",
        )
        sync.add_argument("--on", type=date_argument, default=None, help="tanggal acuan DD/MM/YYYY (bawaan: hari ini)")

    def handle(self, *args: Any, action: str, on: date | None, **options: Any) -> None:
        moves = call_service(coverage_sync, on=on)
        through = last_overdue_month(on=on)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(moves.protected)} pekerja terlindungi, {len(moves.in_arrears)} menunggak, "
                f"{len(moves.lapsed)} tidak aktif ({LAPSE_MONTHS} bulan menunggak sampai {through.label}), "
                f"{len(moves.uncovered)} tanpa iuran lagi."
            )
        )
