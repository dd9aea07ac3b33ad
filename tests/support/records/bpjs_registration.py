"""BPJS's answer to a registration batch, written the way a branch sends it
back, and imported through the engine. The sponsored workers and the officer
are fixtures of tests/bpjs/conftest.py."""

from pathlib import Path
from typing import Any

from peduli.accounts.models import User
from peduli.imports.models import ImportBatch
from peduli.imports.services import import_file
from peduli.workers.models import Worker
from tests.support.files import write_xlsx

ANSWER_HEADERS = ["NIK", "Nama", "KPJ", "Tanggal Mulai Kepesertaan", "Status", "Alasan Penolakan"]


def kpj_for(worker: Worker) -> str:
    return f"26{worker.pk:09d}"


def answer_xlsx(path: Path, rows: list[list[Any]], headers: list[str] = ANSWER_HEADERS) -> Path:
    return write_xlsx(path, rows, headers)


def registered_row(worker: Worker, start: str = "01/07/2025") -> list[Any]:
    return [worker.nik, worker.name, kpj_for(worker), start, "Terdaftar", ""]


def rejected_row(worker: Worker, reason: str) -> list[Any]:
    return [worker.nik, worker.name, "", "", "Ditolak", reason]


def import_answers(path: Path, *, actor: User | None = None, dry_run: bool = False) -> ImportBatch:
    return import_file(kind="bpjs_registration_answers", path=path, actor=actor, dry_run=dry_run)
