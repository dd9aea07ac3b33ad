from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peduli.core.commands import call_service
from peduli.imports.exports import template_xlsx
from peduli.imports.registry import SPECS, spec_for


class Command(BaseCommand):
    help = "Tulis templat impor (xlsx) untuk satu jenis data, mis. `peduli import_template workers`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(SPECS))
        parser.add_argument("-o", "--output", type=Path, help="berkas tujuan (bawaan: templat-<jenis>.xlsx)")

    def handle(self, *args: Any, kind: str, output: Path | None, **options: Any) -> None:
        spec = call_service(spec_for, kind=kind)
        target = output or Path(f"templat-{kind}.xlsx")
        target.write_bytes(template_xlsx(spec, None))
        self.stdout.write(f"Templat {spec.label} ditulis ke {target}.")
