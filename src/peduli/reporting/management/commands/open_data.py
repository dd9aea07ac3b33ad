from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peduli.core.commands import call_service, month_argument
from peduli.core.months import YearMonth
from peduli.regions.selectors import instance_regency
from peduli.reporting.exports.open_data import (
    FORMATS,
    open_data_catalogue,
    open_data_dataset,
    open_data_file,
    open_data_filename,
    open_data_window,
)


class Command(BaseCommand):
    help = (
        "Data terbuka: tanpa SLUG, daftar dataset dan periodenya; dengan SLUG, berkas CSV atau JSON yang sama "
        "dengan unduhan halaman Data Terbuka."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", nargs="?", help="nama dataset, misalnya cakupan-kecamatan")
        parser.add_argument("--from", dest="first", type=month_argument, help="bulan pertama, TTTT-BB")
        parser.add_argument("--to", dest="last", type=month_argument, help="bulan terakhir, TTTT-BB")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="csv")
        parser.add_argument("-o", "--output", type=Path, help="berkas yang ditulis (bawaan: ke layar)")

    def handle(
        self,
        *args: Any,
        slug: str | None,
        first: YearMonth | None,
        last: YearMonth | None,
        fmt: str,
        output: Path | None,
        **options: Any,
    ) -> None:
        regency = call_service(instance_regency)
        if slug is None:
            self._list(call_service(open_data_catalogue, regency=regency))
            return
        dataset = call_service(open_data_dataset, slug=slug)
        first, last = call_service(open_data_window, regency=regency, first=first, last=last)
        content = open_data_file(dataset=dataset, fmt=fmt, regency=regency, first=first, last=last)
        if output is None:
            # The byte-order mark is for Excel; a terminal or a pipe is better without it.
            self.stdout.write(content.decode("utf-8-sig"), ending="")
            return
        if output.is_dir():
            output = output / open_data_filename(dataset, regency, first, last, fmt)
        output.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"{dataset.title}, {first} sampai {last}, ditulis ke {output}."))

    def _list(self, catalogue: dict[str, Any]) -> None:
        period = catalogue["periode"]
        self.stdout.write(
            f"Data terbuka {catalogue['wilayah']['nama']}: "
            + (f"{period['dari']} sampai {period['sampai']}" if period else "belum ada data")
            + f". Lisensi {catalogue['lisensi']}."
        )
        for dataset in catalogue["dataset"]:
            columns = ", ".join(field["nama"] for field in dataset["kamus_data"])
            self.stdout.write(f"  {dataset['slug']:<20} {dataset['judul']}\n  {'':<20} kolom: {columns}")
