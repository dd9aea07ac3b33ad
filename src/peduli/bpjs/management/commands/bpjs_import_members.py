from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from peduli.bpjs.member_importing import month_marked_copy
from peduli.bpjs.member_services import member_import_kind
from peduli.core.commands import month_argument
from peduli.core.months import YearMonth
from peduli.imports.commands import ImportCommand


class Command(ImportCommand):
    help = (
        "Impor daftar peserta BPU aktif dari BPJS Ketenagakerjaan untuk satu bulan (NIK, KPJ, nama, kode/nama desa, "
        "tanggal mulai kepesertaan), atau dengan --counts jumlah peserta per desa (kode desa, jumlah). "
        "Mengimpor ulang tidak mengubah apa pun; bulan boleh diimpor dalam urutan apa saja. "
        "Keluar 0 bila semua baris masuk, 3 bila ada baris ditolak, 2 bila berkas tidak dapat dipakai."
    )
    kind = member_import_kind(counts=False)

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--month", type=month_argument, required=True, help="bulan daftar, TTTT-BB")
        parser.add_argument("--counts", action="store_true", help="berkas berisi jumlah peserta per desa")

    def handle(self, *args: Any, file: Path, dry_run: bool, errors_to: Path | None, **options: Any) -> None:
        month: YearMonth = options.pop("month")
        self.kind = member_import_kind(counts=options.pop("counts"))
        # The month travels with the file's name, as from the wizard (bpjs.member_importing).
        with month_marked_copy(file, month) as marked:
            path = marked if file.is_file() else file
            super().handle(*args, file=path, dry_run=dry_run, errors_to=errors_to, **options)
