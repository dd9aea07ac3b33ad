"""The demo's registration exchange with BPJS Ketenagakerjaan: the sponsored
workers without a KPJ go to BPJS in batches, and BPJS's answer to each batch
comes back as a file imported the way an officer imports it. Most workers get
a KPJ number; a few (about one in thirty) are rejected with a reason and wait
on the "perlu diperbaiki" list.

Everything goes through the services: `registration_batch_create` makes the
batches and the import engine (`bpjs_registration_answers`) records the
answers. Running it again sends nobody twice.
"""

import random
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from django.utils import timezone

from peduli.accounts.models import User
from peduli.bpjs.models import RegistrationBatch
from peduli.bpjs.registration import registration_batch_create
from peduli.core.errors import ApplicationError
from peduli.core.xlsx import workbook_bytes
from peduli.imports.services import import_file
from peduli.workers.models import Worker

SEED = 3324
BATCH_SIZE = 500
REJECTED_SHARE = 1 / 30
REASONS = (
    "NIK tidak ditemukan di data Dukcapil",
    "Nama tidak sesuai dengan KTP",
    "Tanggal lahir tidak sesuai dengan KTP",
    "Sudah terdaftar sebagai peserta penerima upah (PU)",
)
HEADERS = ["NIK", "Nama", "KPJ", "Tanggal Mulai Kepesertaan", "Status", "Alasan Penolakan"]


def demo_kpj(worker_id: int) -> str:
    """A made-up KPJ number, apart from the "25…" numbers of the demo's members."""
    return f"26{worker_id:09d}"


def _answer_rows(batch: RegistrationBatch, rng: random.Random, rejected_share: float) -> list[list[Any]]:
    start = timezone.localdate().strftime("%d/%m/%Y")
    rows = []
    for worker_id, nik, name in (
        Worker.objects.filter(bpjs_registrations__batch=batch).order_by("pk").values_list("pk", "nik", "name")
    ):
        if rng.random() < rejected_share:
            rows.append([nik, name, "", "", "Ditolak", rng.choice(REASONS)])
        else:
            rows.append([nik, name, demo_kpj(worker_id), start, "Terdaftar", ""])
    return rows


def demo_bpjs_registration_load(
    *, seed: int = SEED, actor: User | None = None, batch_size: int = BATCH_SIZE, rejected_share: float = REJECTED_SHARE
) -> tuple[int, int]:
    """Send every eligible sponsored worker to BPJS in batches of `batch_size`
    and import BPJS's answers; returns (registered, rejected)."""
    rng = random.Random(seed)
    actor = actor or User.objects.filter(username="bpjs.kendal").first()
    registered = rejected = 0
    with TemporaryDirectory() as folder:
        while True:
            try:
                batch = registration_batch_create(actor=actor, limit=batch_size)
            except ApplicationError as error:
                if error.code == "nothing_to_send":
                    break
                raise
            rows = _answer_rows(batch, rng, rejected_share)
            path = Path(folder) / f"jawaban-bpjs-batch-{batch.pk}.xlsx"
            path.write_bytes(
                workbook_bytes(title="Jawaban BPJS", headers=HEADERS, rows=rows, text_columns=["NIK", "KPJ"])
            )
            result = import_file(kind="bpjs_registration_answers", path=path, actor=actor, dry_run=False)
            if result.rejected_count:
                raise RuntimeError(f"Impor jawaban demo batch {batch.pk} menolak {result.rejected_count} baris.")
            refused = sum(1 for row in rows if row[4] == "Ditolak")
            registered, rejected = registered + len(rows) - refused, rejected + refused
    return registered, rejected
