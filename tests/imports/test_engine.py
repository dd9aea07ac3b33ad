"""The engine's bounds on one batch: how many of its rejected rows it keeps,
and how many times it runs a file that keeps failing (ADR 0015)."""

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pytest_django.fixtures import Settings

from peduli.accounts.models import User
from peduli.core.errors import ApplicationError
from peduli.imports.exports import rejected_rows_xlsx
from peduli.imports.models import ImportBatch
from peduli.imports.registry import spec_for
from peduli.imports.services import import_batch_run, import_file, import_resume
from peduli.regions.models import Region
from tests.support.clients import client_for
from tests.support.files import csv_write, xlsx_far_cell

HEADERS = ["NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Kode Desa", "Alamat", "No HP", "Pekerjaan"]
ROW: list[Any] = ["3324014506850001", "Siti Aminah", "05/06/1985", "P", "33.24.01.2001", "", "", "Buruh tani"]


def test_only_the_first_rejected_rows_are_stored_and_the_rest_counted_and_said(
    kendal: Region, admin: User, tmp_path: Path, settings: Settings
) -> None:
    settings.PEDULI_IMPORT_REJECTED_KEPT = 3
    bad = [[f"12345{n}", f"Orang {n}", "05/06/1985", "P", "33.24.01.2001", "", "", "Buruh tani"] for n in range(10)]
    path = csv_write(tmp_path, [HEADERS, *bad, ROW], name="pekerja.csv")

    batch = import_file(kind="workers", path=path, actor=None, dry_run=True)

    assert (batch.rejected_count, batch.created_count) == (10, 1)
    assert list(batch.rejected_rows.values_list("row_number", flat=True)) == [2, 3, 4]
    sheet = load_workbook(io.BytesIO(rejected_rows_xlsx(spec_for("workers"), batch))).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(rows) == 1 + 3
    assert "3 baris ditolak pertama; dan 7 lainnya tidak disimpan" in str(rows[0][-1])
    page = client_for(admin).get(f"/pekerja/impor/{batch.pk}/").content.decode()
    assert "Hanya 3 baris ditolak pertama yang disimpan, dan 7 lainnya tidak" in page


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


def test_a_key_repeated_in_a_later_chunk_is_refused_naming_its_first_row(
    kendal: Region, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from functools import partial

    from peduli.imports import engine
    from peduli.imports.reading import read_table

    monkeypatch.setattr(engine, "read_table", partial(read_table, chunk_rows=2))  # chunks: rows 2-3, 4-5, 6-7
    people = [[f"332401450685000{n}", name, *ROW[2:]] for n, name in enumerate(["Ani", "Budi", "Citra"], start=1)]
    rows = [people[0], people[1], people[2], people[0], people[1], ["3324014506850004", "Dewi", *ROW[2:]]]
    path = csv_write(tmp_path, [HEADERS, *rows], name="pekerja.csv")

    batch = import_file(kind="workers", path=path, actor=None, dry_run=True)

    assert (batch.created_count, batch.rejected_count) == (4, 2)
    assert list(batch.rejected_rows.order_by("row_number").values_list("row_number", "reason")) == [
        (5, "NIK ini sudah muncul di baris 2 berkas ini."),
        (6, "NIK ini sudah muncul di baris 3 berkas ini."),
    ]
