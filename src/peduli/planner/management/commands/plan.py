import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peduli.core.commands import call_service
from peduli.core.formatting import number
from peduli.planner import exports
from peduli.planner.api import projection_document
from peduli.planner.exports import Planned
from peduli.planner.models import Scenario
from peduli.planner.selectors import scenario_projection, scenarios_pick
from peduli.planner.services import scenario_data_of, scenario_update

FORMATS = ("json", "xlsx", "pdf")


class Command(BaseCommand):
    help = (
        "Proyeksi skenario perencana sampai Desember 2045 (JSON, xlsx atau PDF), "
        "atau perbandingan 2–4 skenario dengan --compare. --enrolment-capacity N mengubah dulu kapasitas "
        "pendaftaran skenario itu (pekerja baru dibiayai anggaran per bulan; tercatat di riwayatnya)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("scenario", nargs="?", type=int, help="ID skenario")
        parser.add_argument("--compare", nargs="+", type=int, metavar="ID", help="2 sampai 4 ID skenario")
        parser.add_argument("--format", dest="kind", choices=FORMATS, default="json")
        parser.add_argument("-o", "--output", type=Path, help="berkas yang ditulis (wajib untuk xlsx dan PDF)")
        parser.add_argument(
            "--enrolment-capacity", type=int, metavar="N", dest="capacity",
            help="simpan kapasitas pendaftaran baru skenario (pekerja baru per bulan) sebelum memproyeksikan",
        )  # fmt: skip

    def handle(
        self, *args: Any, scenario: int | None, compare: list[int] | None, kind: str, output: Path | None,
        capacity: int | None = None, **options: Any,
    ) -> None:  # fmt: skip
        if (scenario is None) == (compare is None):
            raise CommandError("Sebutkan satu ID skenario, atau --compare dengan 2 sampai 4 ID.")
        if kind != "json" and output is None:
            raise CommandError(f"Format {kind} perlu -o BERKAS.")
        if capacity is not None and compare is not None:
            raise CommandError("--enrolment-capacity mengubah satu skenario; jangan dipakai bersama --compare.")
        scenarios = self._scenarios(scenario, compare)
        if capacity is not None:
            data = replace(scenario_data_of(scenarios[0]), enrolment_capacity_per_month=capacity)
            scenarios = [call_service(scenario_update, actor=None, scenario=scenarios[0], data=data)]
            self.stderr.write(f"Kapasitas pendaftaran {scenarios[0].name}: {number(capacity)} pekerja baru per bulan.")
        items = [Planned(s, scenario_projection(s)) for s in scenarios]
        content = self._render(items, kind)
        if output is None:
            sys.stdout.write(content.decode())
            return
        output.write_bytes(content)
        names = ", ".join(item.scenario.name for item in items)
        self.stdout.write(self.style.SUCCESS(f"Proyeksi {names} ditulis ke {output}."))

    def _scenarios(self, scenario: int | None, compare: list[int] | None) -> list[Scenario]:
        # The operator at the command line reads the whole instance.
        every = Scenario.objects.select_related("regency")
        if compare is not None or scenario is None:
            return call_service(scenarios_pick, scenarios=every, ids=compare or [])
        found = every.filter(pk=scenario).first()
        if found is None:
            raise CommandError(f"Skenario {scenario} tidak ada.")
        return [found]

    def _render(self, items: list[Planned], kind: str) -> bytes:
        if kind == "json":
            documents = [projection_document(item.scenario, item.projection) for item in items]
            document = documents[0] if len(documents) == 1 else {"scenarios": documents}
            return (json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n").encode()
        if len(items) == 1:
            return exports.scenario_pdf(items[0]) if kind == "pdf" else exports.scenario_xlsx(items[0])
        return exports.comparison_pdf(items) if kind == "pdf" else exports.comparison_xlsx(items)
