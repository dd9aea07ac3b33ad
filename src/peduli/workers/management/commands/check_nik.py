import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peduli.core.commands import date_argument
from peduli.workers.selectors import nik_check

EXIT_INVALID = 1


class Command(BaseCommand):
    help = "Periksa sebuah NIK (kode kecamatan, tanggal lahir, jenis kelamin). Keluar 1 bila tidak sah."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("nik")
        parser.add_argument("--sex", choices=["L", "P"], help="jenis kelamin menurut data")
        parser.add_argument("--birth-date", type=date_argument, help="tanggal lahir menurut data, DD/MM/YYYY")

    def handle(self, *args: Any, nik: str, sex: str | None, birth_date: date | None, **options: Any) -> None:
        result = nik_check(nik=nik, sex=sex, birth_date=birth_date)
        if not result["valid"]:
            self.stderr.write(self.style.ERROR(result["message"]))
            sys.exit(EXIT_INVALID)
        sex_word = "perempuan" if result["sex"] == "P" else "laki-laki"
        self.stdout.write(
            self.style.SUCCESS(
                f"NIK sah: kecamatan {result['district_code']}, lahir {result['birth_date']:%d/%m/%Y}, {sex_word}."
            )
        )
