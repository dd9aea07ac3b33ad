from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from peduli.core.commands import call_service, date_argument
from peduli.ledger import calendar_services
from peduli.ledger.calendar import calendar_year, day_off_queryset, days_off


class Command(BaseCommand):
    help = "Kalender iuran BPJS: jatuh tempo, batas laporan, hari libur tambahan."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("show", help="jatuh tempo iuran dan batas laporan setahun, dengan hari liburnya")
        show.add_argument("--year", type=int, default=None, help="tahun (bawaan: tahun ini)")
        add = sub.add_parser("add", help="catat hari libur tambahan (cuti bersama, keputusan daerah)")
        add.add_argument("day", type=date_argument, help="tanggal DD/MM/YYYY")
        add.add_argument("name", help="keterangan, misalnya 'Cuti bersama Idul Fitri'")
        remove = sub.add_parser("remove", help="hapus hari libur tambahan")
        remove.add_argument("day", type=date_argument, help="tanggal DD/MM/YYYY")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "show":
            self._show(options["year"] or timezone.localdate().year)
        elif action == "add":
            day_off = call_service(
                calendar_services.day_off_record, actor=None, day=options["day"], name=options["name"]
            )
            self.stdout.write(self.style.SUCCESS(f"Hari libur {day_off.day:%d/%m/%Y} ({day_off.name}) dicatat."))
        else:
            recorded = day_off_queryset().filter(day=options["day"]).first()
            if recorded is None:
                raise CommandError(f"Tidak ada hari libur tambahan pada {options['day']:%d/%m/%Y}.")
            call_service(calendar_services.day_off_remove, actor=None, day_off=recorded)
            self.stdout.write(self.style.SUCCESS(f"Hari libur {recorded.day:%d/%m/%Y} dihapus."))

    def _show(self, year: int) -> None:
        self.stdout.write("Bulan           Jatuh tempo iuran   Batas laporan")
        for m in calendar_year(year):
            moved = " (digeser)" if m.premium_due_moved else ""
            self.stdout.write(f"{m.month.label:<15} {m.premium_due:%d/%m/%Y}{moved:<10} {m.report_deadline:%d/%m/%Y}")
        self.stdout.write("Hari libur:")
        for day, name in sorted(days_off(date(year, 1, 1), date(year, 12, 31)).items()):
            self.stdout.write(f"  {day:%d/%m/%Y}  {name}")
