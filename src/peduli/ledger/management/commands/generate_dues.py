from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peduli.core.commands import call_service, month_argument
from peduli.core.months import YearMonth, month_range
from peduli.ledger.services import dues_generate


class Command(BaseCommand):
    help = (
        "Buat tagihan iuran bulanan untuk semua kepesertaan yang berjalan. Aman dijalankan ulang: "
        "hanya iuran yang belum ada yang dibuat."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--month", type=month_argument, default=None, help="bulan tagihan, TTTT-BB (bawaan: bulan ini)"
        )
        parser.add_argument(
            "--since", type=month_argument, default=None, help="buat juga setiap bulan sejak TTTT-BB ini"
        )

    def handle(self, *args: Any, month: YearMonth | None, since: YearMonth | None, **options: Any) -> None:
        last = month or YearMonth.current()
        if since is not None and since > last:
            raise CommandError(f"--since ({since}) harus sebelum atau sama dengan --month ({last}).")
        for each in month_range(since or last, last):
            created = call_service(dues_generate, actor=None, month=each)
            self.stdout.write(f"{each.label}: {created} iuran dibuat.")
