from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peduli.accounts.models import User
from peduli.accounts.two_factor import second_factor_device, second_factor_required, second_factor_reset


class Command(BaseCommand):
    help = (
        "Autentikasi dua langkah sebuah akun: `status USERNAME` menampilkan apakah wajib dan sudah dipasang; "
        "`reset USERNAME` menghapus autentikatornya (ponsel hilang), sehingga dipasang ulang saat masuk berikutnya."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["status", "reset"])
        parser.add_argument("username", help="nama pengguna atau NIP")

    def handle(self, *args: Any, action: str, username: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Akun {username} tidak ada.")
        if action == "reset":
            self.stdout.write(f"{second_factor_reset(user=user)} autentikator {username} dihapus.")
            return
        required = "wajib" if second_factor_required(user) else "tidak wajib"
        installed = "terpasang" if second_factor_device(user) else "belum dipasang"
        self.stdout.write(f"{username}: autentikasi dua langkah {required}, {installed}.")
