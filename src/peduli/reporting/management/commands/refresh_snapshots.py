from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peduli.regions.selectors import instance_regency
from peduli.reporting.coverage.snapshots import snapshots_refresh


class Command(BaseCommand):
    help = (
        "Perbarui snapshot indikator bulanan: bulan-bulan yang datanya berubah (bawaan), atau semuanya "
        "dengan --all (misalnya setelah memulihkan cadangan)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="bangun ulang semua bulan")

    def handle(self, *args: Any, all: bool, **options: Any) -> None:
        regency = instance_regency()
        months = snapshots_refresh(regency=regency, force=all)
        self.stdout.write(self.style.SUCCESS(f"Snapshot {regency}: {months} bulan diperbarui."))
