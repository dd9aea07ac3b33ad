from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from peduli.accounts.models import User
from peduli.agencies.selectors import agency_by_code
from peduli.core.commands import call_service
from peduli.core.identity import normalize_nip
from peduli.regions.scoping import instance_root_code
from peduli.users.onboarding import accounts_open, activation_code_issue, activation_codes_email


def _activation_url(site: str | None) -> str:
    """The activation page at `site`, by default the first trusted origin
    (the address people reach the site at), or the local one."""
    site = site or (settings.CSRF_TRUSTED_ORIGINS or ["http://127.0.0.1:8000"])[0]
    return site.rstrip("/") + reverse("users:activate")


class Command(BaseCommand):
    help = (
        "Akun ASN dari data ASN: buka akun semua ASN aktif (dengan kode aktivasi), terbitkan kode baru, atau "
        "kirim kode yang menunggu lewat e-mail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        opening = sub.add_parser("open", help="buka akun + kode aktivasi untuk setiap ASN aktif yang belum punya")
        opening.add_argument("--agency", help="kode OPD (bila kosong: semua OPD)")
        code = sub.add_parser("code", help="kode aktivasi baru untuk satu ASN (dikirim ke e-mailnya bila ada)")
        code.add_argument("nip")
        sending = sub.add_parser("send", help="kirim lewat e-mail setiap kode yang menunggu ke alamat di data ASN")
        sending.add_argument("--agency", help="kode OPD (bila kosong: semua OPD)")
        for parser_ in (code, sending):
            parser_.add_argument(
                "--site", default=None, help="alamat situs dalam e-mail (bawaan: CSRF_TRUSTED_ORIGINS pertama)"
            )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "code":
            self._code(options["nip"], options["site"])
            return
        agency = None
        if options["agency"]:
            agency = call_service(agency_by_code, code=options["agency"], region=instance_root_code())
        if options["action"] == "open":
            opened = call_service(accounts_open, actor=None, agency=agency)
            self.stdout.write(f"{opened.accounts} akun dibuka, {opened.codes} kode aktivasi diterbitkan.")
            return
        url = _activation_url(options["site"])
        sent = call_service(activation_codes_email, actor=None, agency=agency, activation_url=url)
        self.stdout.write(f"{sent} kode aktivasi dikirim lewat e-mail.")

    def _code(self, nip: str, site: str | None) -> None:
        user = User.objects.filter(username=normalize_nip(nip), civil_servant__isnull=False).first()
        if user is None:
            raise CommandError("Tidak ada akun ASN dengan NIP itu.")
        code = call_service(activation_code_issue, actor=None, user=user, activation_url=_activation_url(site))
        self.stdout.write(f"Kode aktivasi {user.username}: {code.code} (berlaku s.d. {code.expires_at:%d/%m/%Y})")
