"""The roster import through the shared import engine: rejected rows with their
reasons, idempotent re-import, dry run, exit codes, the wizard pages and API,
and the scope of agency operators."""

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook
from pytest_django.fixtures import Settings

from peduli.accounts.models import User
from peduli.agencies.models import Agency, CivilServant
from peduli.agencies.services import agency_create
from peduli.core.control_characters import CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE
from peduli.imports.models import ImportBatch
from peduli.imports.services import import_file
from tests.conftest import make_nip
from tests.support.files import xlsx_rows

HEADER = ["NIP", "Nama", "Jenis Kelamin", "Tanggal Lahir", "Jenis ASN", "Kode OPD", "Golongan"]


def roster_workbook(rows: list[list[Any]], header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def roster_file(tmp_path: Path, rows: list[list[Any]], header: list[str] | None = None) -> Path:
    path = tmp_path / "roster.xlsx"
    path.write_bytes(roster_workbook(rows, header))
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


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_import_creates_rejects_with_reasons_and_is_idempotent(agencies: dict[str, Agency], tmp_path: Path) -> None:
    path = roster_file(tmp_path, [GOOD, NUMERIC, WRONG_SEX])
    errors = tmp_path / "errors.xlsx"
    code, out = run(str(path), "--errors-to", str(errors))
    assert code == 3
    assert list(CivilServant.objects.values_list("nip", flat=True)) == ["198503172010031004"]
    person = CivilServant.objects.get()
    assert (person.agency, person.rank, person.service_start.isoformat()) == (agencies["dinkes"], "III/a", "2010-03-01")
    rejected = xlsx_rows(errors.read_bytes())
    assert rejected[0][-1] == "Keterangan"
    assert [row[1] for row in rejected[1:]] == ["Angka Excel", "Salah Kelamin"]
    assert "Teks" in str(rejected[1][-1]) and "Jenis kelamin" in str(rejected[2][-1])
    history_before = CivilServant.history.count()
    code, out = run(str(path))
    assert "0 ditambahkan, 0 diperbarui, 1 tidak berubah" in out
    assert CivilServant.history.count() == history_before


def test_a_changed_row_updates_the_person_with_history(agencies: dict[str, Agency], tmp_path: Path) -> None:
    run(str(roster_file(tmp_path, [GOOD])))
    promoted = [*GOOD[:-1], "III/b"]
    code, out = run(str(roster_file(tmp_path, [promoted])))
    assert code == 0 and "0 ditambahkan, 1 diperbarui, 0 tidak berubah" in out
    person = CivilServant.objects.get()
    assert person.rank == "III/b"
    assert list(person.history.values_list("rank", flat=True)) == ["III/b", "III/a"]


def test_a_nip_repeated_in_the_file_is_refused_naming_the_first_row(
    agencies: dict[str, Agency], tmp_path: Path
) -> None:
    batch = import_file(kind="civil_servants", path=roster_file(tmp_path, [GOOD, GOOD]), actor=None, dry_run=False)
    assert (batch.created_count, batch.rejected_count) == (1, 1)
    assert "baris 2" in batch.rejected_rows.get().reason


def test_dry_run_writes_nothing(agencies: dict[str, Agency], tmp_path: Path) -> None:
    code, out = run(str(roster_file(tmp_path, [GOOD])), "--dry-run")
    assert code == 0 and "1 akan ditambahkan" in out
    assert not CivilServant.objects.exists()


def test_unusable_file_exits_2(agencies: dict[str, Agency], tmp_path: Path) -> None:
    assert run(str(roster_file(tmp_path, [["Agus"]], header=["Nama saja"])))[0] == 2
    assert not CivilServant.objects.exists()


def test_agency_operator_imports_only_into_their_agency(
    agencies: dict[str, Agency],
    person_factory: Callable[..., CivilServant],
    user_factory: Callable[..., User],
    tmp_path: Path,
) -> None:
    in_disdik = person_factory("disdik")
    in_dinkes = person_factory("dinkes")
    operator = user_factory("agency_operator", agency=agencies["dinkes"])
    rows = [
        GOOD,
        [make_nip(serial="008"), "Orang Disdik", "L", "", "PNS", "DISDIK", ""],
        [in_disdik.nip, "Ambil Alih", "", "", "", "DINKES", ""],
        [in_dinkes.nip, in_dinkes.name, "", "", "", "DISDIK", ""],
    ]
    batch = import_file(kind="civil_servants", path=roster_file(tmp_path, rows), actor=operator, dry_run=False)
    reasons = dict(batch.rejected_rows.values_list("row_number", "reason"))
    assert (batch.created_count, batch.updated_count) == (1, 0) and set(reasons) == {3, 4, 5}
    assert "tidak berwenang mengelola ASN di Dinas Pendidikan" in reasons[3]
    assert f"NIP {in_disdik.nip} sudah terdaftar" in reasons[4]
    assert "tidak berwenang mengelola ASN di Dinas Pendidikan" in reasons[5]
    in_disdik.refresh_from_db()
    in_dinkes.refresh_from_db()
    assert (in_disdik.name, in_disdik.agency, in_dinkes.agency) == (
        "Pegawai 001",
        agencies["disdik"],
        agencies["dinkes"],
    )
    assert set(CivilServant.objects.values_list("nip", flat=True)) == {GOOD[0], in_disdik.nip, in_dinkes.nip}


def test_moving_to_another_agency_is_for_the_labour_office(
    agencies: dict[str, Agency],
    person_factory: Callable[..., CivilServant],
    user_factory: Callable[..., User],
    tmp_path: Path,
) -> None:
    district = agencies["kec"].district
    agency_create(
        actor=None, code="PKM-15", name="Puskesmas Kendal", kind="dinas", valid_from=date(2022, 1, 1),
        district=district,
    )  # fmt: skip
    person = person_factory("kec")
    path = roster_file(tmp_path, [[person.nip, person.name, "", "", "", "PKM-15", ""]])
    operator = user_factory("district_operator", district=district)
    refused = import_file(kind="civil_servants", path=path, actor=operator, dry_run=False)
    assert refused.rejected_rows.get().reason == "Mutasi ke OPD lain dilakukan oleh admin Disperinaker."
    moved = import_file(kind="civil_servants", path=path, actor=user_factory("regency_admin"), dry_run=False)
    assert (moved.rejected_count, moved.updated_count) == (0, 1)
    person.refresh_from_db()
    assert person.agency.code == "PKM-15"


def test_wizard_checks_first_then_imports_on_confirm(
    agencies: dict[str, Agency], user_factory: Callable[..., User]
) -> None:
    operator = user_factory("agency_operator", agency=agencies["dinkes"])
    client = Client()
    client.force_login(operator)
    assert "Unduh templat Excel" in client.get(reverse("agencies:roster_import_list")).content.decode()
    upload = SimpleUploadedFile("roster.xlsx", roster_workbook([GOOD, WRONG_SEX]))
    response = client.post("/asn/impor/", {"file": upload})
    dry = ImportBatch.objects.get()
    assert response["Location"] == reverse("agencies:roster_import_detail", args=[dry.pk]) == f"/asn/impor/{dry.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert dry.kind == "civil_servants" and dry.dry_run and "Impor sekarang" in page and "Jenis kelamin" in page
    assert not CivilServant.objects.exists()
    response = client.post(reverse("agencies:roster_import_confirm", args=[dry.pk]))
    real = ImportBatch.objects.exclude(pk=dry.pk).get()
    assert response["Location"] == f"/asn/impor/{real.pk}/"
    assert (real.created_count, real.rejected_count) == (1, 1)
    assert CivilServant.objects.get().name == "Agus Santoso"
    assert "ditambahkan" in client.get(response["Location"]).content.decode()
    rejected = client.get(reverse("agencies:roster_import_rejected", args=[real.pk]))
    assert [row[1] for row in xlsx_rows(rejected.content)[1:]] == ["Salah Kelamin"]


def test_missing_columns_offer_a_mapping_step(agencies: dict[str, Agency], user_factory: Callable[..., User]) -> None:
    client = Client()
    client.force_login(user_factory("regency_admin"))
    header = ["Nomor Pegawai", "Nama", "Jenis Kelamin", "Tanggal Lahir", "Jenis ASN", "Kode OPD", "Golongan"]
    client.post("/asn/impor/", {"file": SimpleUploadedFile("r.xlsx", roster_workbook([GOOD], header))})
    failed = ImportBatch.objects.get()
    page = client.get(reverse("agencies:roster_import_detail", args=[failed.pk])).content.decode()
    assert failed.status == ImportBatch.Status.FAILED and "Pilih kolom" in page and "Nomor Pegawai" in page
    client.post(reverse("agencies:roster_import_remap", args=[failed.pk]), {"map_nip": "Nomor Pegawai"})
    again = ImportBatch.objects.exclude(pk=failed.pk).get()
    assert again.status == ImportBatch.Status.DONE and again.created_count == 1


def test_operators_see_only_their_own_uploads(agencies: dict[str, Agency], user_factory: Callable[..., User]) -> None:
    first, second = (user_factory("agency_operator", agency=agencies["dinkes"]) for _ in range(2))
    client = Client()
    client.force_login(first)
    client.post("/asn/impor/", {"file": SimpleUploadedFile("r.xlsx", roster_workbook([GOOD]))})
    batch = ImportBatch.objects.get()
    other = Client()
    other.force_login(second)
    assert other.get(reverse("agencies:roster_import_detail", args=[batch.pk])).status_code == 404
    assert other.get(f"/api/v1/roster-imports/{batch.pk}/").status_code == 404
    assert client.get(f"/api/v1/roster-imports/{batch.pk}/").json()["kind"] == "civil_servants"


def test_template_has_the_roster_headers_with_nip_as_text(
    agencies: dict[str, Agency], user_factory: Callable[..., User], tmp_path: Path
) -> None:
    client = Client()
    client.force_login(user_factory("regency_admin"))
    page = client.get(reverse("agencies:roster_import_template"))
    headers = xlsx_rows(page.content)[0]
    assert headers[:6] == ["NIP", "Nama", "Jenis Kelamin", "Tanggal Lahir", "Jenis ASN", "Kode OPD"]
    assert headers[-1] == "TMT" and headers[headers.index("No HP") + 1] == "Email"
    target = tmp_path / "templat.xlsx"
    call_command("import_template", "civil_servants", "-o", str(target), stdout=io.StringIO())
    assert xlsx_rows(target.read_bytes())[0] == headers
    api = client.get("/api/v1/imports/template/?kind=civil_servants")
    assert api.status_code == 200 and xlsx_rows(api.content)[0] == headers


def test_api_upload_runs_through_the_engine_and_is_refused_to_leaders(
    agencies: dict[str, Agency], user_factory: Callable[..., User]
) -> None:
    admin, leader = Client(), Client()
    admin.force_login(user_factory("regency_admin"))
    leader.force_login(user_factory("leader"))
    upload = SimpleUploadedFile("r.xlsx", roster_workbook([GOOD]))
    response = admin.post("/api/v1/roster-imports/", {"file": upload, "dry_run": "false"})
    assert response.status_code == 202 and response.json()["created_count"] == 1
    assert CivilServant.objects.count() == 1
    refused = leader.post("/api/v1/roster-imports/", {"file": SimpleUploadedFile("r.xlsx", roster_workbook([GOOD]))})
    assert refused.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_web_upload_runs_in_the_database_task_worker(
    agencies: dict[str, Agency], user_factory: Callable[..., User], settings: Settings
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    operator = user_factory("agency_operator", agency=agencies["dinkes"])
    client = Client()
    client.force_login(operator)
    response = client.post("/asn/impor/", {"file": SimpleUploadedFile("r.xlsx", roster_workbook([GOOD]))})
    assert response.status_code == 302
    dry = ImportBatch.objects.get()
    assert dry.status == ImportBatch.Status.PENDING  # queued, not yet run
    call_command("db_worker", "--batch", stdout=io.StringIO(), stderr=io.StringIO())
    client.post(reverse("agencies:roster_import_confirm", args=[dry.pk]))
    assert not CivilServant.objects.exists()  # confirmed, queued again
    call_command("db_worker", "--batch", stdout=io.StringIO(), stderr=io.StringIO())
    assert CivilServant.objects.get().name == "Agus Santoso"


def test_a_row_with_a_control_character_in_a_text_cell_is_refused_naming_the_column(
    agencies: dict[str, Agency], tmp_path: Path
) -> None:
    header = [*HEADER, "Jabatan"]
    other = ["198503172010031006", "Budi Hartono", "L", "17/03/1985", "PNS", "DINKES", "III/b"]
    # Excel writes a control character in a cell as _x001B_; calamine reads it back.
    rows = [[*GOOD, "Kepala\nSeksi"], [*other, "Epidemiolog_x001B_ Ahli"]]
    batch = import_file(kind="civil_servants", path=roster_file(tmp_path, rows, header), actor=None, dry_run=False)

    assert (batch.created_count, batch.rejected_count) == (1, 1)
    assert list(batch.rejected_rows.values_list("row_number", "reason")) == [
        (3, str(CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE) % {"columns": "Jabatan"})
    ]
    assert CivilServant.objects.get().position == "Kepala Seksi"


def test_the_roster_reads_e_mail_addresses_and_refuses_an_invalid_one(
    agencies: dict[str, Agency], tmp_path: Path
) -> None:
    second, third = make_nip(serial="011"), make_nip(serial="012")
    rows = [
        [*GOOD, " agus.santoso@kendalkab.go.id "],
        [second, "Tanpa Surel", "L", "17/03/1985", "PNS", "DINKES", "", ""],
        [third, "Surel Salah", "L", "17/03/1985", "PNS", "DINKES", "", "agus@kendalkab"],
    ]
    batch = import_file(kind="civil_servants", path=roster_file(tmp_path, rows, [*HEADER, "Surel"]), actor=None,
                        dry_run=False)  # fmt: skip
    assert (batch.created_count, batch.rejected_count) == (2, 1)
    assert dict(CivilServant.objects.values_list("name", "email")) == {
        "Agus Santoso": "agus.santoso@kendalkab.go.id", "Tanpa Surel": "",
    }  # fmt: skip
    assert batch.rejected_rows.get().reason == (
        'Alamat e-mail "agus@kendalkab" tidak valid; tulis seperti nama@kendalkab.go.id.'
    )
    # Another export's header ("Alamat Email"): the changed address is an update, in the history.
    moved = [[*GOOD, "agus@dinkes.kendalkab.go.id"]]
    again = import_file(kind="civil_servants", path=roster_file(tmp_path, moved, [*HEADER, "Alamat Email"]),
                        actor=None, dry_run=False)  # fmt: skip
    assert (again.updated_count, again.rejected_count) == (1, 0)
    person = CivilServant.objects.get(nip=GOOD[0])
    assert list(person.history.values_list("email", flat=True)) == [
        "agus@dinkes.kendalkab.go.id", "agus.santoso@kendalkab.go.id",
    ]  # fmt: skip
