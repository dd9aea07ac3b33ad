"""The engine's bounds on one batch: how many times it runs a file that
keeps failing (ADR 0015)."""

from pathlib import Path
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from peduli.accounts.models import User
from peduli.core.errors import ApplicationError
from peduli.imports.models import ImportBatch
from peduli.imports.services import import_batch_run, import_file, import_resume
from peduli.regions.models import Region
from tests.support.files import xlsx_far_cell

HEADERS = ["NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Kode Desa", "Alamat", "No HP", "Pekerjaan"]
ROW: list[Any] = ["3324014506850001", "Siti Aminah", "05/06/1985", "P", "33.24.01.2001", "", "", "Buruh tani"]


def test_a_file_that_fails_every_run_is_run_at_most_the_allowed_times(
    kendal: Region, admin: User, tmp_path: Path, settings: Settings
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # Its reader dies every time (it hides a cell at XFD1048576 behind a small dimension).
    poison = xlsx_far_cell(tmp_path / "bohong.xlsx", HEADERS, declared="A1:H2")
    with pytest.raises(ApplicationError, match="batas memori pembaca"):
        import_file(kind="workers", path=poison, actor=None, dry_run=True)
    batch = ImportBatch.objects.get()
    assert batch.attempts == 1

    import_resume(actor=admin, batch=batch)  # the second run, at once (the tests' task backend)
    batch.refresh_from_db()
    assert (batch.status, batch.attempts) == (ImportBatch.Status.FAILED, 2)
    assert "batas memori pembaca" in batch.error

    with pytest.raises(ApplicationError, match="sudah dicoba 2 kali"):
        import_resume(actor=admin, batch=batch)
    # A run started anyway (a task queued twice) fails without reading the file.
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.PENDING)
    ran = import_batch_run(batch=batch)
    assert ran.status == ImportBatch.Status.FAILED and ran.attempts == 2
    assert "sudah dicoba 2 kali" in ran.error and "memori" not in ran.error
