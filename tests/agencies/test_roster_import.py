import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from peduli.agencies.models import CivilServant
from tests.agencies.xlsx_reading import xlsx_rows

HEADER = ["NIP", "Nama", "Jenis Kelamin", "Tanggal Lahir", "Jenis ASN", "Kode OPD", "Golongan"]


def roster_file(tmp_path: Path, rows: list[list[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "roster.xlsx"
    workbook.save(path)
    return path


GOOD = ["198503172010031004", "Agus Santoso", "L", "17/03/1985", "PNS", "DINKES", "III/a"]
NUMERIC = [198503172010031005, "Angka Excel", "L", "17/03/1985", "PNS", "DINKES", ""]
WRONG_SEX = ["198503172010031006", "Salah Kelamin", "P", "17/03/1985", "PNS", "DINKES", ""]


def run(*args: Any) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("import_civil_servants", *args, stdout=out, stderr=io.StringIO())
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_import_creates_rejects_with_reasons_and_is_idempotent(agencies: Any, tmp_path: Path) -> None:
    path = roster_file(tmp_path, [GOOD, NUMERIC, WRONG_SEX])
    errors = tmp_path / "errors.xlsx"
    code, out = run(str(path), "--errors-to", str(errors))
    assert code == 3
    assert list(CivilServant.objects.values_list("nip", flat=True)) == ["198503172010031004"]
    rejected = xlsx_rows(errors.read_bytes())
    assert rejected[0][-1] == "Keterangan"
    assert [row[1] for row in rejected[1:]] == ["Angka Excel", "Salah Kelamin"]
    assert "Teks" in str(rejected[1][-1]) and "Jenis kelamin" in str(rejected[2][-1])
    history_before = CivilServant.history.count()
    code, out = run(str(path))
    assert "0 ditambahkan, 0 diperbarui, 1 tidak berubah" in out
    assert CivilServant.history.count() == history_before


def test_dry_run_writes_nothing(agencies: Any, tmp_path: Path) -> None:
    code, out = run(str(roster_file(tmp_path, [GOOD])), "--dry-run")
    assert code == 0 and "1 akan ditambahkan" in out
    assert not CivilServant.objects.exists()


def test_unusable_file_exits_2(agencies: Any, tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    workbook = Workbook()
    workbook.active.append(["Nama saja"])
    workbook.active.append(["Agus"])
    workbook.save(path)
    assert run(str(path))[0] == 2


@pytest.mark.django_db(transaction=True)
def test_web_upload_runs_in_the_database_task_worker(
    agencies: Any, user_factory: Any, tmp_path: Path, settings: Any
) -> None:
    from django.test import Client

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.MEDIA_ROOT = tmp_path / "media"
    operator = user_factory("agency_operator", agency=agencies["dinkes"])
    client = Client()
    client.force_login(operator)
    with roster_file(tmp_path, [GOOD]).open("rb") as handle:
        response = client.post("/asn/impor/", {"file": handle, "dry_run": ""})
    assert response.status_code == 302
    assert not CivilServant.objects.exists()  # queued, not yet run
    call_command("db_worker", "--batch", stdout=io.StringIO(), stderr=io.StringIO())
    assert CivilServant.objects.get().name == "Agus Santoso"
    status = client.get(response["Location"])
    assert "ditambahkan" in status.content.decode()
