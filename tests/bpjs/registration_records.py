"""What the registration tests share: sponsored workers, an officer, and
BPJS's answer file written the way a branch sends it back."""

from pathlib import Path
from typing import Any

import pytest

from peduli.bpjs.models import RegistrationTemplate
from peduli.bpjs.registration_fields import registration_template_ensure
from peduli.core.months import YearMonth
from peduli.imports.models import ImportBatch
from peduli.imports.services import import_file
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.ledger.test_import_payments import write_xlsx

ANSWER_HEADERS = ["NIK", "Nama", "KPJ", "Tanggal Mulai Kepesertaan", "Status", "Alasan Penolakan"]


@pytest.fixture
def sponsored(worker_factory: Any, company: Sponsor) -> Any:
    """Makes `n` verified workers the CSR company pays for from this month."""
    # A transactional test flushes the migration's template; put it back.
    registration_template_ensure(RegistrationTemplate)

    def make(n: int, **extra: Any) -> list[Worker]:
        workers = [worker_factory(**extra) for _ in range(n)]
        for worker in workers:
            sponsorship_start(actor=None, sponsor=company, worker=worker, start=YearMonth.current())
        return workers

    return make


@pytest.fixture
def officer(kendal: Any, user_factory: Any) -> Any:
    """A BPJS Ketenagakerjaan officer."""
    registration_template_ensure(RegistrationTemplate)  # flushed by a transactional test
    return user_factory("bpjs_officer")


def kpj_for(worker: Worker) -> str:
    return f"26{worker.pk:09d}"


def answer_xlsx(path: Path, rows: list[list[Any]], headers: list[str] = ANSWER_HEADERS) -> Path:
    return write_xlsx(path, rows, headers)


def registered_row(worker: Worker, start: str = "01/07/2025") -> list[Any]:
    return [worker.nik, worker.name, kpj_for(worker), start, "Terdaftar", ""]


def rejected_row(worker: Worker, reason: str) -> list[Any]:
    return [worker.nik, worker.name, "", "", "Ditolak", reason]


def import_answers(path: Path, *, actor: Any = None, dry_run: bool = False) -> ImportBatch:
    return import_file(kind="bpjs_registration_answers", path=path, actor=actor, dry_run=dry_run)
