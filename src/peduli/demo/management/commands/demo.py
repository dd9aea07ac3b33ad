from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peduli.demo.kendal import (
    DEMO_PASSWORD,
    demo_is_loaded,
    demo_load,
    demo_logins,
    demo_workers_add,
    demo_workers_missing,
)


class Command(BaseCommand):
    help = "Muat data demo Kabupaten Kendal (wilayah, 38 OPD, data ASN, pekerja rentan, akun setiap peran)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--regency-only", action="store_true", help="muat wilayah Kendal saja, bukan seluruh Indonesia"
        )

    def handle(self, *args: Any, regency_only: bool, **options: Any) -> None:
        if demo_is_loaded() and not demo_workers_missing():
            self.stdout.write("Data demo sudah ada; tidak ada yang diubah.")
        elif demo_is_loaded():
            # A demo loaded before the worker registry existed gets its workers.
            self.stdout.write("Menambahkan pekerja rentan demo…")
            demo_workers_add()
        else:
            self.stdout.write("Memuat data demo Kendal…")
            demo_load(all_regions=not regency_only)
            self.stdout.write(self.style.SUCCESS("Data demo dimuat."))
        self.stdout.write(f"Akun untuk masuk (kata sandi akun demo: {DEMO_PASSWORD}):")
        for login in demo_logins():
            self.stdout.write(f"  {login.role:<28} {login.username:<20} {login.description}")
