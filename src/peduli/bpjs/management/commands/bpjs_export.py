from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peduli.bpjs.models import RegistrationBatch
from peduli.bpjs.registration import registration_batch_create
from peduli.bpjs.registration_export import registration_batch_filename, registration_batch_xlsx
from peduli.core.commands import call_service
from peduli.core.models import AccessLog
from peduli.core.personal_data import personal_data_note


class Command(BaseCommand):
    help = (
        "Buat batch pendaftaran BPJS Ketenagakerjaan dari semua pekerja dibiayai yang belum punya KPJ "
        "dan tulis berkas xlsx-nya; --batch N menulis ulang berkas batch yang sudah ada."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", type=Path, help="berkas xlsx yang ditulis (bawaan: nama batch)")
        parser.add_argument("--batch", type=int, help="tulis ulang berkas batch nomor ini, tanpa membuat batch baru")
        parser.add_argument("--limit", type=int, help="jumlah pekerja paling banyak dalam batch baru")
        parser.add_argument("--regency", help="kode kabupaten/kota (bawaan: wilayah instansi ini)")

    def handle(
        self, *args: Any, output: Path | None, batch: int | None, limit: int | None, regency: str | None, **options: Any
    ) -> None:
        if batch is not None:
            found = RegistrationBatch.objects.select_related("template").filter(pk=batch).first()
            if found is None:
                raise CommandError(f"Batch pendaftaran nomor {batch} tidak ada.")
        else:
            found = call_service(registration_batch_create, actor=None, regency_code=regency, limit=limit)
            self.stdout.write(f"Batch pendaftaran nomor {found.pk}: {found.worker_count} pekerja.")
        path = output or Path(registration_batch_filename(found))
        path.write_bytes(registration_batch_xlsx(found))
        personal_data_note(action=AccessLog.Action.EXPORT, subject="bpjs_registration_batch", object_id=found.pk,
            row_count=found.worker_count, detail=f"perintah bpjs_export -> {path.name}",
        )  # fmt: skip
        self.stdout.write(self.style.SUCCESS(f"Berkas ditulis ke {path} (templat v{found.template.version})."))
