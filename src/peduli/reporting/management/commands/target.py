from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peduli.core.commands import call_service
from peduli.core.formatting import number
from peduli.regions.selectors import instance_regency
from peduli.reporting.baselines import services
from peduli.reporting.baselines.selectors import target_queryset_for
from peduli.reporting.coverage.trends import target_trajectory


class Command(BaseCommand):
    help = "Target cakupan per tahun (RPJMD, RPJPD): catat, tampilkan beserta lintasannya, atau hapus."

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--list", action="store_true", help="tampilkan target dan lintasan per tahun")
        mode.add_argument("--delete", action="store_true", help="hapus target --year")
        parser.add_argument("--year", type=int, help="tahun target")
        parser.add_argument("--pct", type=Decimal, help="target cakupan (%%), mis. 51.64")
        parser.add_argument("--source", default="", help='dasar hukum, mis. "RPJMD 2025–2029"')

    def handle(self, *args: Any, **options: Any) -> None:
        regency = call_service(instance_regency)
        targets = target_queryset_for(None).filter(regency=regency)
        if options["list"]:
            for target in targets.order_by("year"):
                self.stdout.write(f"{target.year}  {number(target.coverage_pct, 2):>6}%  {target.legal_source}")
            self.stdout.write("Lintasan (akhir tahun):")
            for point in target_trajectory(regency=regency):
                mark = " (target)" if point.is_target else ""
                self.stdout.write(f"  {point.year}  {number(point.coverage_pct, 2):>6}%{mark}")
            return
        if options["year"] is None:
            raise CommandError("Isi --year (atau pakai --list).")
        if options["delete"]:
            gone = targets.filter(year=options["year"]).first()
            if gone is None:
                raise CommandError(f"Tidak ada target tahun {options['year']}.")
            call_service(services.target_delete, actor=None, target=gone)
            self.stdout.write(self.style.SUCCESS(f"Target {options['year']} dihapus."))
            return
        if options["pct"] is None:
            raise CommandError("Isi --pct, target cakupan dalam persen.")
        target = call_service(
            services.target_set, actor=None, regency=regency, year=options["year"], coverage_pct=options["pct"],
            legal_source=options["source"],
        )  # fmt: skip
        pct = number(target.coverage_pct, 2)
        self.stdout.write(self.style.SUCCESS(f"Target {target.year}: {pct}% disimpan ({target.legal_source})."))
