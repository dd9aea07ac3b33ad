from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peduli.agencies.exports import civil_servants_xlsx
from peduli.agencies.models import CivilServant
from peduli.core.models import AccessLog
from peduli.core.personal_data import personal_data_note


class Command(BaseCommand):
    help = "Ekspor data ASN ke xlsx (kolom sama dengan templat impor)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", type=Path, required=True)
        parser.add_argument("--agency", help="kode OPD; kosong = semua")

    def handle(self, *args: Any, output: Path, agency: str | None, **options: Any) -> None:
        # An operator at the command line runs the instance and reads all of it;
        # the export is still logged.
        people = CivilServant.objects.all().order_by("agency__code", "name")
        if agency:
            people = people.filter(agency__code=agency.upper())
            if not people.exists():
                raise CommandError(f"Tidak ada ASN di OPD {agency}.")

        output.write_bytes(civil_servants_xlsx(people))
        personal_data_note(
            action=AccessLog.Action.EXPORT,
            subject="civil_servant",
            row_count=people.count(),
            detail=f"perintah: {output}",
        )
        self.stdout.write(self.style.SUCCESS(f"{people.count()} ASN ditulis ke {output}."))
