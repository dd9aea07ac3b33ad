from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from peduli.accounts.models import Role, User
from peduli.accounts.sessions import signed_in_sessions_of
from peduli.agencies.selectors import agency_by_code
from peduli.core.commands import call_service
from peduli.core.identity import normalize_nip
from peduli.regions.models import Region
from peduli.regions.scoping import instance_root_code
from peduli.users.profile import sessions_end_elsewhere
from peduli.users.services import user_deactivate, user_reactivate, user_role_change, user_unlock


class Command(BaseCommand):
    help = (
        "Kelola akun: daftar, nonaktifkan, aktifkan lagi, buka kuncian, ubah peran (tercatat di riwayat akun), "
        "perangkat yang masuk dan mengeluarkannya."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="daftar akun")
        listing.add_argument("--role", choices=Role.values)
        listing.add_argument("--inactive", action="store_true", help="hanya yang nonaktif")
        off = sub.add_parser("deactivate", help="nonaktifkan akun")
        off.add_argument("username")
        off.add_argument("--reason", default="")
        sub.add_parser("reactivate", help="aktifkan lagi").add_argument("username")
        sub.add_parser("unlock", help="buka kuncian karena salah kata sandi").add_argument("username")
        sub.add_parser("sessions", help="perangkat yang sedang masuk dengan akun ini").add_argument("username")
        sub.add_parser("sign-out", help="keluarkan akun ini dari semua perangkat").add_argument("username")
        role = sub.add_parser("role", help="ubah peran (bukan akun ASN)")
        role.add_argument("username")
        role.add_argument("role", choices=[r for r in Role.values if r != Role.CIVIL_SERVANT])
        role.add_argument("--agency", help="kode OPD (operator OPD)")
        role.add_argument("--district", help="kode kecamatan (operator kecamatan)")
        role.add_argument("--region", help="kode provinsi atau kabupaten/kota tempat bekerja (peran lain)")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["action"] == "list":
            users = User.objects.order_by("username")
            if o["role"]:
                users = users.filter(role=o["role"])
            if o["inactive"]:
                users = users.filter(is_active=False)
            for listed in users:
                state = "aktif" if listed.is_active else "nonaktif"
                self.stdout.write(f"{listed.username}\t{listed.get_full_name()}\t{listed.get_role_display()}\t{state}")
            return
        user = User.objects.filter(username=normalize_nip(o["username"]) if o["username"][:1].isdigit()
                                   else o["username"]).first()  # fmt: skip
        if user is None:
            raise CommandError(f"Tidak ada akun {o['username']}.")
        if o["action"] == "sessions":
            for signed_in in signed_in_sessions_of(user):
                seen = timezone.localtime(signed_in.last_seen_at)
                self.stdout.write(f"{signed_in.pk}\t{signed_in.device}\t{signed_in.address}\t{seen:%d/%m/%Y %H:%M}")
            return
        if o["action"] == "sign-out":
            sessions_end_elsewhere(user=user)
            self.stdout.write(f"{user.username}: dikeluarkan dari semua perangkat.")
            return
        if o["action"] == "deactivate":
            call_service(user_deactivate, actor=None, user=user, reason=o["reason"])
        elif o["action"] == "reactivate":
            call_service(user_reactivate, actor=None, user=user)
        elif o["action"] == "unlock":
            call_service(user_unlock, actor=None, user=user)
        else:
            agency = (
                call_service(agency_by_code, code=o["agency"], region=instance_root_code()) if o["agency"] else None
            )
            district = Region.objects.filter(code=o["district"] or "").first()
            region = Region.objects.filter(code=o["region"] or "").first()
            if o["region"] and region is None:
                raise CommandError(f"Wilayah {o['region']} tidak ada.")
            call_service(user_role_change, actor=None, user=user, role=o["role"], agency=agency, district=district,
                         region=region)  # fmt: skip
        user.refresh_from_db()
        state = "aktif" if user.is_active else "nonaktif"
        self.stdout.write(f"{user.username}: {user.get_role_display()}, {state}.")
