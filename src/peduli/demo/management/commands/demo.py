from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peduli.demo.kendal import DEMO_PASSWORD, demo_extend, demo_is_loaded, demo_load, demo_logins
from peduli.demo.quiet import notifications_kept_in_inbox


class Command(BaseCommand):
    help = (
        "Muat data demo Kabupaten Kendal (wilayah, 38 OPD, data ASN, pekerja rentan, riwayat iuran sejak "
        "Januari 2022, akun setiap peran)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--regency-only", action="store_true", help="muat wilayah Kendal saja, bukan seluruh Indonesia"
        )

    def handle(self, *args: Any, regency_only: bool, **options: Any) -> None:
        # The demo's services notify as they go (lapses, reminders): into the
        # inboxes, not one console line each.
        with notifications_kept_in_inbox():
            if not demo_is_loaded():
                self.stdout.write("Memuat data demo Kendal…")
                demo_load(all_regions=not regency_only)
                loaded = self.style.SUCCESS("Data demo dimuat.")
            elif added := demo_extend():
                # A demo loaded by an earlier version gets what it lacks.
                loaded = self.style.SUCCESS(f"Data demo dilengkapi: {', '.join(added)}.")
            else:
                loaded = "Data demo sudah ada; tidak ada yang diubah."
        self.stdout.write(loaded)
        self.stdout.write(f"Akun untuk masuk (kata sandi akun demo: {DEMO_PASSWORD}):")
        for login in demo_logins():
            self.stdout.write(f"  {login.role:<28} {login.username:<20} {login.description}")
