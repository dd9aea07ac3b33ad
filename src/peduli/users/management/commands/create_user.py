import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peduli.accounts.models import Role
from peduli.agencies.models import CivilServant
from peduli.agencies.selectors import agency_by_code
from peduli.core.commands import call_service
from peduli.regions.models import Region
from peduli.regions.scoping import instance_root_code
from peduli.users.services import user_create


class Command(BaseCommand):
    help = "Buat akun pengguna dengan peran dan tempatnya (OPD, kecamatan, atau NIP untuk ASN)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--role", choices=Role.values, required=True)
        parser.add_argument("--username", default="")
        parser.add_argument("--name", default="")
        parser.add_argument("--agency", help="kode OPD (operator OPD)")
        parser.add_argument("--district", help="kode kecamatan (operator kecamatan)")
        parser.add_argument("--region", help="kode provinsi atau kabupaten/kota tempat bekerja (peran lain)")
        parser.add_argument("--nip", help="NIP (ASN)")
        parser.add_argument("--password", help="kata sandi; bila kosong ditanyakan")

    def handle(self, *args: Any, **o: Any) -> None:
        agency = call_service(agency_by_code, code=o["agency"], region=instance_root_code()) if o["agency"] else None
        district = Region.objects.filter(code=o["district"]).first() if o["district"] else None
        person = CivilServant.objects.filter(nip=o["nip"]).first() if o["nip"] else None
        region = Region.objects.filter(code=o["region"]).first() if o["region"] else None
        if o["region"] and region is None:
            raise CommandError(f"Wilayah {o['region']} tidak ada.")
        if o["nip"] and person is None:
            raise CommandError(f"ASN dengan NIP {o['nip']} tidak ada.")
        password = o["password"] or getpass.getpass("Kata sandi: ")
        user = call_service(
            user_create, actor=None, username=o["username"], password=password, role=o["role"], full_name=o["name"],
            agency=agency, district=district, civil_servant=person, region=region,
        )  # fmt: skip
        self.stdout.write(self.style.SUCCESS(f"Akun {user.username} ({user.get_role_display()}) dibuat."))
