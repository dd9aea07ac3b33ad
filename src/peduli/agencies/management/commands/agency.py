from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from peduli.agencies import services
from peduli.agencies.models import Agency
from peduli.agencies.selectors import agency_by_code
from peduli.core.commands import call_service, date_argument
from peduli.regions.models import Region
from peduli.regions.scoping import instance_root_code


class Command(BaseCommand):
    help = "Kelola OPD: list, create, rename."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="daftar OPD")
        create = sub.add_parser("create", help="tambah OPD")
        create.add_argument("code")
        create.add_argument("name")
        create.add_argument("--kind", choices=Agency.Kind.values, required=True)
        create.add_argument("--short-name", default="")
        create.add_argument("--district", help="kode kecamatan (wajib untuk kantor kecamatan)")
        create.add_argument("--valid-from", type=date_argument, default=timezone.localdate())
        rename = sub.add_parser("rename", help="ganti nama OPD, nama lama tetap tercatat")
        rename.add_argument("code")
        rename.add_argument("new_name")
        rename.add_argument("--effective", type=date_argument, default=timezone.localdate())

    def _agency(self, code: str) -> Agency:
        return call_service(agency_by_code, code=code, region=instance_root_code())

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "list":
            for agency in Agency.objects.order_by("code"):
                self.stdout.write(f"{agency.code:<20} {agency.get_kind_display():<18} {agency.name}")
        elif action == "create":
            district = Region.objects.filter(code=options["district"]).first() if options["district"] else None
            agency = call_service(
                services.agency_create, actor=None, code=options["code"], name=options["name"], kind=options["kind"],
                short_name=options["short_name"], district=district, valid_from=options["valid_from"],
            )  # fmt: skip
            self.stdout.write(self.style.SUCCESS(f"OPD {agency.code} dibuat."))
        elif action == "rename":
            agency = call_service(
                services.agency_rename, actor=None, agency=self._agency(options["code"]),
                new_name=options["new_name"], effective=options["effective"],
            )  # fmt: skip
            self.stdout.write(self.style.SUCCESS(f"OPD {agency.code} kini bernama {agency.name}."))
