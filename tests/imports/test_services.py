"""A batch whose worker died: found by the scheduler's task once its run has
been silent past PEDULI_IMPORT_STALE_AFTER, failed with a message, then run
again or discarded; a run that still beats is left alone (ADR 0015)."""

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pytest_django.fixtures import Settings

from peduli.accounts.models import User
from peduli.core.errors import ApplicationError
from peduli.imports.models import ImportBatch
from peduli.imports.progress import heartbeat, last_sign_of_life
from peduli.imports.services import import_discard, import_resume, import_start
from peduli.imports.tasks import import_batches_fail_stale_task
from peduli.regions.models import Region
from tests.support.clients import api_for, client_for
from tests.support.files import write_xlsx

HEADERS = ["NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Kode Desa", "Alamat", "No HP", "Pekerjaan"]
ROW: list[Any] = ["3324014506850001", "Siti Aminah", "05/06/1985", "P", "33.24.01.2001", "", "", "Buruh tani"]
STALE_AFTER = 60


@pytest.fixture
def died(kendal: Region, admin: User, tmp_path: Path, settings: Settings) -> Iterator[ImportBatch]:
    """A batch as a worker that died mid-run leaves it: "running", its last
    beat at the moment of death (now), silent from then on."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PEDULI_IMPORT_STALE_AFTER = STALE_AFTER
    upload = SimpleUploadedFile("pekerja.xlsx", write_xlsx(tmp_path / "pekerja.xlsx", [ROW], HEADERS).read_bytes())
    batch = import_start(actor=admin, kind="workers", uploaded_file=upload, dry_run=True)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING, attempts=1)
    with heartbeat(batch.pk):
        pass
    batch.refresh_from_db()
    yield batch


def later(seconds: float) -> Any:
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds), tick=True)


def test_a_silent_running_batch_is_failed_by_the_scheduler_task_and_can_be_run_again(
    died: ImportBatch, admin: User
) -> None:
    assert import_batches_fail_stale_task.enqueue().return_value == 0  # it only just beat
    with later(STALE_AFTER + 1):
        assert import_batches_fail_stale_task.enqueue().return_value == 1

        died.refresh_from_db()
        assert died.status == ImportBatch.Status.FAILED and died.interrupted
        assert "berhenti tanpa kabar lebih dari 1 menit" in died.error
        page = client_for(admin).get(f"/pekerja/impor/{died.pk}/").content.decode()
        assert "Impor terhenti." in page and "Lanjutkan" in page and "Buang impor ini" in page

        client_for(admin).post(f"/pekerja/impor/{died.pk}/lanjutkan/")
    died.refresh_from_db()
    assert (died.status, died.attempts, died.created_count) == (ImportBatch.Status.DONE, 2, 1)


def test_a_run_that_still_beats_is_left_running_and_may_be_neither_retried_nor_discarded(
    died: ImportBatch, admin: User
) -> None:
    with heartbeat(died.pk), later(10 * STALE_AFTER):
        now = time.time()
        deadline = time.monotonic() + 30
        while (last_sign_of_life(died.pk) or 0) < now and time.monotonic() < deadline:
            time.sleep(0.05)  # the heartbeat thread beats every STALE_AFTER / 10 seconds
        assert import_batches_fail_stale_task.enqueue().return_value == 0
        with pytest.raises(ApplicationError, match="masih diproses"):
            import_resume(actor=admin, batch=died)
        with pytest.raises(ApplicationError, match="masih diproses"):
            import_discard(actor=admin, batch=died)
    died.refresh_from_db()
    assert died.status == ImportBatch.Status.RUNNING


def test_discarding_a_stopped_batch_deletes_its_stored_file(died: ImportBatch, admin: User) -> None:
    stored = Path(died.file.path)
    assert stored.is_file()
    with later(STALE_AFTER + 1):
        assert api_for(admin).get(f"/api/v1/imports/{died.pk}/").json()["stale"] is True
        client_for(admin).post(f"/pekerja/impor/{died.pk}/buang/")
    died.refresh_from_db()
    assert died.status == ImportBatch.Status.DISCARDED and not died.file
    assert not stored.exists()
    assert f"Dibuang oleh {admin.username}" in died.error
    with pytest.raises(ApplicationError, match="sudah dibuang"):
        import_resume(actor=admin, batch=died)
    assert api_for(admin).post(f"/api/v1/imports/{died.pk}/discard/").json()["status"] == "discarded"
