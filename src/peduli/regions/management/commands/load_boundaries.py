from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peduli.core.commands import call_service
from peduli.regions.boundaries import boundaries_load, geojson_read
from peduli.regions.models import Region


class Command(BaseCommand):
    help = "Muat batas wilayah (GeoJSON FeatureCollection, properti code = kode Kemendagri) untuk peta."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="berkas .geojson")
        parser.add_argument("--source", default="", help="sumber data; bawaan: nama berkas")

    def handle(self, *args: Any, file: Path, source: str, **options: Any) -> None:
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Berkas {file} tidak dapat dibaca: {error.strerror}.") from error
        geojson = call_service(geojson_read, data=data)
        result = call_service(boundaries_load, actor=None, geojson=geojson, source=source or file.name)
        for level, count in result.by_level.items():
            self.stdout.write(f"{Region.Level(level).label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"{result.total} batas wilayah dimuat."))
