from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from peduli.core.commands import call_service
from peduli.core.formatting import number
from peduli.imports.commands import ImportCommand
from peduli.imports.models import ImportBatch
from peduli.regions.models import Region
from peduli.regions.selectors import instance_regency
from peduli.reporting.baselines import services
from peduli.reporting.baselines.importing import BASELINE_IMPORT, baseline_import_warnings
from peduli.reporting.baselines.selectors import baseline_queryset_for, baseline_years_for


class Command(ImportCommand):
    help = (
        "Jumlah pekerja informal (penyebut cakupan) per kecamatan dan tahun: catat satu angka, impor tabel BPS "
        "(xlsx/xls/ods/csv), tampilkan, atau hapus. Persentase selalu dihitung Peduli. Impor keluar 0 bila semua "
        "baris masuk, 3 bila ada baris ditolak, 2 bila berkas tidak dapat dipakai."
    )
    kind = BASELINE_IMPORT.kind

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--list", action="store_true", help="tampilkan angka per tahun beserta peringatannya")
        mode.add_argument("--import", dest="import_file", type=Path, metavar="FILE", help="impor tabel BPS")
        mode.add_argument("--delete", action="store_true", help="hapus angka --year (dan --district)")
        parser.add_argument("--year", type=int, help="tahun")
        parser.add_argument("--district", help="kode kecamatan, mis. 33.24.01 (kosong: seluruh kabupaten)")
        parser.add_argument("--workers", type=int, help="jumlah pekerja informal")
        parser.add_argument("--source", default="", help='sumber data, mis. "BPS Kendal, Sakernas Agustus 2024"')
        parser.add_argument("--pct", type=Decimal, help="persentase yang tertulis di sumber (hanya diperiksa)")
        parser.add_argument("--dry-run", action="store_true", help="impor: periksa saja, jangan simpan")

    def handle(self, *args: Any, **options: Any) -> None:
        regency = call_service(instance_regency)
        if options["list"]:
            self._list(regency, options["year"])
        elif options["import_file"]:
            super().handle(file=options["import_file"], dry_run=options["dry_run"], errors_to=None)
        elif options["delete"]:
            row = self._row(regency, options)
            call_service(services.baseline_delete, actor=None, baseline=row)
            self.stdout.write(self.style.SUCCESS(f"Angka {row} dihapus."))
        else:
            if options["year"] is None or options["workers"] is None:
                raise CommandError("Isi --year dan --workers (atau pakai --list / --import FILE).")
            row = call_service(
                services.baseline_set, actor=None, regency=regency, district=self._district(options["district"]),
                year=options["year"], informal_workers=options["workers"], source=options["source"],
                stated_share_pct=options["pct"],
            )  # fmt: skip
            self.stdout.write(self.style.SUCCESS(f"Disimpan: {row}."))

    @staticmethod
    def _district(code: str | None) -> Region | None:
        if not code:
            return None
        district = Region.objects.filter(code=code, level=Region.Level.DISTRICT).first()
        if district is None:
            raise CommandError(f"Kecamatan dengan kode {code} tidak ada.")
        return district

    def _row(self, regency: Region, options: dict[str, Any]) -> Any:
        if options["year"] is None:
            raise CommandError("Isi --year angka yang dihapus.")
        district = self._district(options["district"])
        row = baseline_queryset_for(None).filter(regency=regency, district=district, year=options["year"]).first()
        if row is None:
            raise CommandError("Angka itu tidak ada.")
        return row

    def _list(self, regency: Region, year: int | None) -> None:
        for shown in baseline_years_for(None, regency=regency):
            if year is not None and shown.year != year:
                continue
            total = number(shown.regency_workers or 0)
            self.stdout.write(f"{shown.year}: {total} pekerja informal ({'; '.join(shown.sources)})")
            for line in shown.lines:
                place = line.baseline.district or regency
                share = f"{number(line.share_pct, 2)}%" if line.share_pct is not None else ""
                workers = number(line.baseline.informal_workers)
                self.stdout.write(f"  {place.code:<10} {place.name:<20} {workers:>10} {share:>8}")
            for warning in shown.warnings:
                self.stdout.write(self.style.WARNING(f"  ! {warning}"))

    def after_import(self, batch: ImportBatch) -> None:
        for warning in baseline_import_warnings(batch=batch):
            self.stdout.write(self.style.WARNING(f"  ! {warning}"))
