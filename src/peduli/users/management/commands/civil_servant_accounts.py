from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.core.commands import call_service
from peduli.core.identity import normalize_nip
from peduli.users.onboarding import accounts_open, activation_code_issue


class Command(BaseCommand):
    help = "Akun ASN dari data ASN: buka akun semua ASN aktif (dengan kode aktivasi), atau terbitkan kode baru."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        opening = sub.add_parser("open", help="buka akun + kode aktivasi untuk setiap ASN aktif yang belum punya")
        opening.add_argument("--agency", help="kode OPD (bila kosong: semua OPD)")
        sub.add_parser("code", help="terbitkan kode aktivasi baru untuk satu ASN").add_argument("nip")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "open":
            agency = None
            if options["agency"]:
                agency = Agency.objects.filter(code=options["agency"].upper()).first()
                if agency is None:
                    raise CommandError(f"OPD {options['agency']} tidak ada.")
            opened = call_service(accounts_open, actor=None, agency=agency)
            self.stdout.write(f"{opened.accounts} akun dibuka, {opened.codes} kode aktivasi diterbitkan.")
            return
        user = User.objects.filter(username=normalize_nip(options["nip"]), civil_servant__isnull=False).first()
        if user is None:
            raise CommandError("Tidak ada akun ASN dengan NIP itu.")
        code = call_service(activation_code_issue, actor=None, user=user)
        self.stdout.write(f"Kode aktivasi {user.username}: {code.code} (berlaku s.d. {code.expires_at:%d/%m/%Y})")
