"""A "koreksi data" worker import the three ways (page, API, command): the
refusal names both names, the correction goes through with its reason, and
the page lists what changes old → new."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from peduli.accounts.models import User
from peduli.imports.models import ImportBatch
from peduli.imports.services import import_file
from peduli.regions.models import Region
from peduli.workers.models import Worker
from peduli.workers.services import worker_verify
from tests.support.clients import api_for, client_for
from tests.support.files import csv_write
from tests.workers.test_import import HEADERS, ROWS


@pytest.fixture
def darsih(kendal: Region, tmp_path: Path) -> Worker:
    import_file(kind="workers", path=csv_write(tmp_path, [HEADERS, ROWS[0]], name="a.csv"), actor=None, dry_run=False)
    return worker_verify(actor=None, worker=Worker.objects.get(nik=ROWS[0][0]))


def _renaming(tmp_path: Path, name: str = "Sudah Ada") -> Path:
    row = list(ROWS[0])
    row[1], row[6] = name, "081298765432"
    return csv_write(tmp_path, [HEADERS, row], name="koreksi.csv")


def test_the_page_refuses_the_rename_naming_both_then_corrects_it_for_a_reason(
    darsih: Worker, admin: User, tmp_path: Path
) -> None:
    client = client_for(admin)
    upload = _renaming(tmp_path)
    response = client.post("/pekerja/impor/", {"file": SimpleUploadedFile(upload.name, upload.read_bytes())})
    first = ImportBatch.objects.latest("pk")
    assert response.status_code == 302 and response["Location"].endswith(f"/{first.pk}/")
    page = client.get(f"/pekerja/impor/{first.pk}/").content.decode()
    assert "NIK milik orang lain? Di berkas &quot;Sudah Ada&quot;, terdaftar atas nama &quot;Siti Aminah&quot;" in page
    assert "Periksa lagi sebagai koreksi data" in page

    refused = client.post(f"/pekerja/impor/{first.pk}/koreksi/", {"correction_reason": " "})
    assert refused.status_code == 302 and ImportBatch.objects.latest("pk") == first
    client.post(f"/pekerja/impor/{first.pk}/koreksi/", {"correction_reason": "Nama salah catat di desa"})
    again = ImportBatch.objects.latest("pk")
    assert (again.dry_run, again.correction_reason, again.updated_count, again.rejected_count) == (
        True, "Nama salah catat di desa", 1, 0,
    )  # fmt: skip
    page = client.get(f"/pekerja/impor/{again.pk}/").content.decode()
    assert "Koreksi data." in page and "Alasan: Nama salah catat di desa." in page
    changes = re.search(r'<table[^>]*id="import-changes".*?</table>', page, re.S)
    assert changes is not None
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", changes.group(0)))
    assert "Nama: Siti Aminah → Sudah Ada" in text and "No HP: 081234567890 → 081298765432" in text

    client.post(f"/pekerja/impor/{again.pk}/impor-sekarang/")
    real = ImportBatch.objects.latest("pk")
    assert (real.dry_run, real.correction_reason, real.updated_count) == (False, "Nama salah catat di desa", 1)
    darsih.refresh_from_db()
    assert darsih.name == "Sudah Ada"
    record = darsih.history.latest("history_date")  # type: ignore[attr-defined]
    assert record.history_change_reason == f"Koreksi data (impor #{real.pk}): Nama salah catat di desa"


def test_the_upload_form_asks_for_the_reason_of_a_correction(darsih: Worker, admin: User, tmp_path: Path) -> None:
    client = client_for(admin)
    upload = _renaming(tmp_path)

    def post(**fields: str) -> str:
        file = SimpleUploadedFile(upload.name, upload.read_bytes())
        return client.post("/pekerja/impor/", {"file": file, **fields}).content.decode()

    before = ImportBatch.objects.count()
    assert "Tulis alasan koreksi datanya." in post(correction="on")
    assert "Centang Koreksi data" in post(correction_reason="Salah ketik")
    assert ImportBatch.objects.count() == before
    post(correction="on", correction_reason="Salah ketik")
    assert ImportBatch.objects.latest("pk").correction_reason == "Salah ketik"


def test_the_api_uploads_a_correction_and_rechecks_a_batch_as_one(darsih: Worker, admin: User, tmp_path: Path) -> None:
    api = api_for(admin)
    upload = _renaming(tmp_path)
    with upload.open("rb") as handle:
        plain = api.post("/api/v1/imports/", {"kind": "workers", "file": handle}, format="multipart").json()
    assert (plain["rejected_count"], plain["correction_reason"]) == (1, "")
    corrected = api.post(f"/api/v1/imports/{plain['id']}/correct/", {"reason": "Salah ketik"}, format="json")
    assert corrected.status_code == 202
    body = corrected.json()
    assert (body["correction_reason"], body["updated_count"], body["rejected_count"]) == ("Salah ketik", 1, 0)
    assert body["changes"][0]["fields"][0] == {"column": "Nama", "old": "Siti Aminah", "new": "Sudah Ada"}
    with upload.open("rb") as handle:
        wrong_kind = api.post(
            "/api/v1/imports/",
            {"kind": "baselines", "file": handle, "correction_reason": "Salah ketik"},
            format="multipart",
        )
    assert wrong_kind.status_code == 400 and "tidak mengenal koreksi data" in str(wrong_kind.json())


def test_the_command_imports_a_correction_and_prints_what_changed(
    darsih: Worker, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upload = _renaming(tmp_path, name="Siti Aminah Rahayu")
    with pytest.raises(SystemExit):  # the rename of a verified worker is refused: exit 3
        call_command("import_workers", str(upload))
    assert '"Siti Aminah" → "Siti Aminah Rahayu"' in capsys.readouterr().out
    call_command("import_workers", str(upload), "--koreksi", "Salah ketik nama")
    out = capsys.readouterr().out
    assert f"baris 2 ({ROWS[0][0]}, Siti Aminah): Nama: Siti Aminah → Siti Aminah Rahayu; No HP:" in out
    darsih.refresh_from_db()
    assert darsih.name == "Siti Aminah Rahayu"


def test_an_operator_of_another_district_cannot_recheck_a_batch(
    darsih: Worker, admin: User, user_factory: Callable[..., User], tmp_path: Path
) -> None:
    batch = import_file(kind="workers", path=_renaming(tmp_path), actor=admin, dry_run=True)
    before = ImportBatch.objects.count()
    stranger = user_factory("district_operator", district=Region.objects.get(code="33.24.15"))
    response = client_for(stranger).post(f"/pekerja/impor/{batch.pk}/koreksi/", {"correction_reason": "x"})
    assert response.status_code == 404
    assert ImportBatch.objects.count() == before
