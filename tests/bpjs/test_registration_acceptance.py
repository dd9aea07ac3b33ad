"""Issue 6 acceptance: a batch of sponsored workers goes to BPJS, the answer
file gives most of them a KPJ and rejects two with reasons; importing it
again changes nothing; nobody registered is offered again, and the two
rejected are sent again once their records are fixed."""

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from peduli.accounts.models import User
from peduli.bpjs.models import RegistrationEntry
from peduli.bpjs.registration import registration_batch_create
from peduli.bpjs.registration_export import registration_batch_xlsx
from peduli.bpjs.registration_selectors import registration_eligible_workers, registration_rejected_for
from peduli.core.months import YearMonth
from peduli.workers.models import Worker
from peduli.workers.services import WorkerData, worker_update
from tests.support.records.bpjs_registration import answer_xlsx, import_answers, kpj_for, registered_row, rejected_row

N = 8
REASONS = ["NIK tidak ditemukan di Dukcapil", "Nama tidak sesuai KTP"]


def snapshot() -> list[tuple[Any, ...]]:
    entries = RegistrationEntry.objects.order_by("pk").values_list(
        "pk", "status", "kpj", "membership_start", "rejection_reason", "responded_at"
    )
    workers = Worker.objects.order_by("pk").values_list("pk", "kpj")
    return [*entries, *workers, ("history", Worker.history.count())]  # type: ignore[attr-defined]


def test_a_batch_goes_to_bpjs_and_comes_back_with_kpj_numbers_and_two_rejections(
    sponsored: Callable[..., list[Worker]], officer: User, tmp_path: Path
) -> None:
    workers = sponsored(N)
    batch = registration_batch_create(actor=officer)
    assert batch.worker_count == N

    sheet = load_workbook(io.BytesIO(registration_batch_xlsx(batch))).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("NIK", "Nama Lengkap", "Tempat Lahir", "Tanggal Lahir")
    assert sorted(row[0] for row in rows[1:]) == sorted(worker.nik for worker in workers)

    accepted, refused = workers[:-2], workers[-2:]
    answer = answer_xlsx(
        tmp_path / "jawaban.xlsx",
        [registered_row(w) for w in accepted] + [rejected_row(w, r) for w, r in zip(refused, REASONS, strict=True)],
    )
    result = import_answers(answer, actor=officer)
    assert (result.updated_count, result.unchanged_count, result.rejected_count) == (N, 0, 0)

    for worker in accepted:
        worker.refresh_from_db()
        assert worker.kpj == kpj_for(worker)
    rejected = registration_rejected_for(officer)
    assert {(e.worker_id, e.rejection_reason) for e in rejected} == {
        (w.pk, r) for w, r in zip(refused, REASONS, strict=True)
    }
    assert registration_rejected_for(officer, fixed=False).count() == 2

    before = snapshot()
    again = import_answers(answer, actor=officer)
    assert (again.updated_count, again.unchanged_count, again.rejected_count) == (0, N, 0)
    assert snapshot() == before

    # Nobody is offered for a new batch: registered workers have a KPJ, the
    # two rejected wait for their records to be fixed.
    assert not registration_eligible_workers(regency_id="33.24", month=YearMonth.current()).exists()

    for worker in refused:
        fixed = WorkerData(
            nik=worker.nik, name=f"{worker.name} Perbaikan", village=worker.village_id, occupation="Buruh tani",
            birth_date=worker.birth_date, sex=worker.sex,
        )  # fmt: skip
        worker_update(actor=None, worker=worker, data=fixed)
    assert registration_rejected_for(officer, fixed=True).count() == 2

    second = registration_batch_create(actor=officer)
    assert set(second.entries.values_list("worker_id", flat=True)) == {w.pk for w in refused}
    assert not registration_rejected_for(officer).exists()
