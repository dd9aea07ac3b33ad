import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from peduli.accounts.models import User
from peduli.agencies.models import Agency, CivilServant
from peduli.regions.models import Region
from peduli.workers.models import DuplicateFlag, Worker
from peduli.workers.services import WorkerData, worker_create
from tests.support.clients import api_for

SITI = "3324014506850001"  # woman, born 05/06/1985, district 33.24.01
BUDI = "3324011706850002"  # man, born 17/06/1985
VILLAGE = "33.24.01.2001"


def register(nik: str = SITI, name: str = "Siti Aminah", **fields: Any) -> Worker:
    data = WorkerData(nik=nik, name=name, village=VILLAGE, occupation="Nelayan", **fields)
    return worker_create(actor=None, data=data)


def test_district_operator_sees_only_their_district(
    kendal: Region, user_factory: Callable[..., User], api: APIClient
) -> None:
    here = register()
    there = worker_create(
        actor=None, data=WorkerData(nik="3324151706850003", name="Budi Jauh", village="33.24.15.1001",
                                    occupation="Nelayan"),
    )  # fmt: skip
    operator = user_factory("district_operator", district=Region.objects.get(code="33.24.01"))
    response = api_for(operator).get("/api/v1/workers/")
    assert response.status_code == 200
    assert [row["nik"] for row in response.json()["results"]] == [here.nik]
    assert api_for(operator).get(f"/api/v1/workers/{there.pk}/").status_code == 404
    assert {row["nik"] for row in api.get("/api/v1/workers/").json()["results"]} == {here.nik, there.nik}


@pytest.mark.parametrize("role", ["civil_servant", "agency_operator"])
def test_civil_servants_and_agency_operators_see_no_worker(
    role: str,
    agencies: dict[str, Agency],
    person_factory: Callable[..., CivilServant],
    user_factory: Callable[..., User],
) -> None:
    worker = register()
    place = {"agency": agencies["dinkes"]} if role == "agency_operator" else {"civil_servant": person_factory()}
    user = user_factory(role, **place)
    client = api_for(user)
    assert client.get("/api/v1/workers/").json()["results"] == []
    assert client.get(f"/api/v1/workers/{worker.pk}/").status_code == 404


def test_create_registers_the_worker(api: APIClient) -> None:
    body = {"nik": SITI, "name": "Siti Aminah", "village": VILLAGE, "occupation": "Nelayan", "sex": "P",
            "birth_date": "1985-06-05", "phone": "081234567890"}  # fmt: skip
    response = api.post("/api/v1/workers/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "registered"
    assert response.json()["district"] == "33.24.01"


def test_create_with_invalid_nik_says_why_in_indonesian(api: APIClient) -> None:
    body = {"nik": "3324014506850000", "name": "Siti", "village": VILLAGE, "occupation": "Nelayan"}
    response = api.post("/api/v1/workers/", body, format="json")
    assert response.status_code == 400
    assert "tidak boleh 0000" in response.json()["nik"][0]


def test_create_with_sex_contradicting_nik_is_keyed_to_sex(api: APIClient) -> None:
    body = {"nik": SITI, "name": "Siti", "village": VILLAGE, "occupation": "Nelayan", "sex": "L"}
    response = api.post("/api/v1/workers/", body, format="json")
    assert response.status_code == 400
    assert "Jenis kelamin tidak cocok" in response.json()["sex"][0]


def test_verify_moves_to_verified_and_history_records_it(api: APIClient) -> None:
    worker = register()
    response = api.post(f"/api/v1/workers/{worker.pk}/verify/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "verified"
    history = api.get(f"/api/v1/workers/{worker.pk}/history/").json()
    assert [change["to_status"] for change in history] == ["verified", "registered"]


def test_registrant_cannot_verify_their_own_registration(api: APIClient) -> None:
    body = {"nik": SITI, "name": "Siti Aminah", "village": VILLAGE, "occupation": "Nelayan"}
    created = api.post("/api/v1/workers/", body, format="json").json()
    response = api.post(f"/api/v1/workers/{created['id']}/verify/")
    assert response.status_code == 400
    assert "petugas lain" in response.json()["non_field_errors"][0]


def test_return_needs_a_reason_and_blocks_verification(api: APIClient) -> None:
    worker = register()
    assert api.post(f"/api/v1/workers/{worker.pk}/return/", {"reason": ""}, format="json").status_code == 400
    response = api.post(f"/api/v1/workers/{worker.pk}/return/", {"reason": "Alamat kosong"}, format="json")
    assert response.status_code == 200
    assert response.json()["returned_reason"] == "Alamat kosong"
    assert api.post(f"/api/v1/workers/{worker.pk}/verify/").status_code == 400


def test_end_records_reason_and_date(api: APIClient) -> None:
    worker = register()
    response = api.post(f"/api/v1/workers/{worker.pk}/end/", {"reason": "died", "on": "2026-01-15"}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["end_reason"]) == ("ended", "died")
    assert response.json()["status_since"] == "2026-01-15"
    undone = api.post(f"/api/v1/workers/{worker.pk}/undo-end/", {}, format="json")
    assert (undone.status_code, undone.json()["status"], undone.json()["end_reason"]) == (200, "registered", "")
    again = api.post(f"/api/v1/workers/{worker.pk}/undo-end/", {}, format="json")
    assert again.status_code == 400 and "tidak dapat dibatalkan" in str(again.json())


def test_transition_refuses_a_move_the_workflow_does_not_allow(api: APIClient) -> None:
    worker = register()
    response = api.post(f"/api/v1/workers/{worker.pk}/transition/", {"to": "protected"}, format="json")
    assert response.status_code == 400
    assert "tidak dapat diubah" in response.json()["non_field_errors"][0]


def test_district_operator_cannot_act_on_another_district(api: APIClient, user_factory: Callable[..., User]) -> None:
    worker = register()
    operator = user_factory("district_operator", district=Region.objects.get(code="33.24.15"))
    assert api_for(operator).post(f"/api/v1/workers/{worker.pk}/verify/").status_code == 404


def test_check_nik_reports_what_the_nik_says(api: APIClient) -> None:
    response = api.post("/api/v1/workers/check-nik/", {"nik": SITI}, format="json")
    assert response.json() == {
        "valid": True, "message": "NIK sah.", "birth_date": "1985-06-05", "sex": "P", "district_code": "33.24.01",
    }  # fmt: skip
    wrong = api.post("/api/v1/workers/check-nik/", {"nik": BUDI, "sex": "P"}, format="json").json()
    assert wrong["valid"] is False and "Jenis kelamin tidak cocok" in wrong["message"]
    wrong_birth = api.post(
        "/api/v1/workers/check-nik/", {"nik": BUDI, "birth_date": "18/06/1985"}, format="json"
    ).json()
    assert "17/06/1985" in wrong_birth["message"]
    short = api.post("/api/v1/workers/check-nik/", {"nik": "33240145"}, format="json").json()
    assert short["valid"] is False and "16 digit" in short["message"]


def test_duplicate_is_merged_through_the_api(api: APIClient) -> None:
    first = register(phone="081234567890")
    second = register(nik="3324014506850003", name="Siti Aminah", kpj="12345678901")
    flags = api.get("/api/v1/duplicate-flags/").json()["results"]
    assert len(flags) == 1
    response = api.post(f"/api/v1/duplicate-flags/{flags[0]['id']}/merge/", {"keep": first.pk}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["kpj"] == "12345678901"
    second.refresh_from_db()
    assert (second.status, second.end_reason, second.merged_into_id) == ("ended", "duplicate", first.pk)
    assert api.get("/api/v1/duplicate-flags/").json()["results"] == []


def test_duplicate_is_dismissed_through_the_api(api: APIClient) -> None:
    register()
    register(nik="3324014506850003", name="Siti Aminah")
    flag = DuplicateFlag.objects.get()
    response = api.post(f"/api/v1/duplicate-flags/{flag.pk}/dismiss/", {"note": "Kembar"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "dismissed"


def csv_upload(rows: list[str]) -> io.BytesIO:
    content = "\n".join(["NIK,Nama,Tanggal Lahir,Jenis Kelamin,Kode Desa,Pekerjaan", *rows]) + "\n"
    upload = io.BytesIO(content.encode())
    upload.name = "pekerja.csv"
    return upload


def test_import_dry_run_then_confirm_then_rejected_rows(api: APIClient) -> None:
    upload = csv_upload([
        f"{SITI},Siti Aminah,05/06/1985,P,{VILLAGE},Nelayan",
        f"{BUDI},Budi Santoso,17/06/1985,P,{VILLAGE},Nelayan",
    ])  # fmt: skip
    response = api.post("/api/v1/imports/", {"kind": "workers", "file": upload, "dry_run": "true"}, format="multipart")
    assert response.status_code == 202, response.json()
    dry = api.get(f"/api/v1/imports/{response.json()['id']}/").json()
    assert (dry["status"], dry["percent"], dry["created_count"], dry["rejected_count"]) == ("done", 100, 1, 1)
    assert not Worker.objects.exists()

    rejected = api.get(f"/api/v1/imports/{dry['id']}/rejected/")
    assert rejected.status_code == 200
    sheet = load_workbook(io.BytesIO(rejected.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "Keterangan" and rows[1][1] == "Budi Santoso"
    assert "Jenis kelamin" in str(rows[1][-1])

    confirmed = api.post(f"/api/v1/imports/{dry['id']}/confirm/")
    assert confirmed.status_code == 202
    real = api.get(f"/api/v1/imports/{confirmed.json()['id']}/").json()
    assert (real["dry_run"], real["status"], real["confirms"]) == (False, "done", dry["id"])
    assert list(Worker.objects.values_list("nik", flat=True)) == [SITI]
    assert api.post(f"/api/v1/imports/{real['id']}/confirm/").status_code == 400


def test_imports_are_seen_by_their_uploader_and_the_labour_office(
    api: APIClient, user_factory: Callable[..., User]
) -> None:
    operator = user_factory("district_operator", district=Region.objects.get(code="33.24.01"))
    upload = csv_upload([f"{SITI},Siti Aminah,05/06/1985,P,{VILLAGE},Nelayan"])
    batch = api_for(operator).post("/api/v1/imports/", {"kind": "workers", "file": upload}, format="multipart")
    assert batch.status_code == 202
    other = user_factory("district_operator", district=Region.objects.get(code="33.24.15"))
    assert api_for(other).get(f"/api/v1/imports/{batch.json()['id']}/").status_code == 404
    assert api.get(f"/api/v1/imports/{batch.json()['id']}/").status_code == 200


def test_import_of_unknown_kind_is_refused(api: APIClient) -> None:
    response = api.post("/api/v1/imports/", {"kind": "cats", "file": csv_upload([])}, format="multipart")
    assert response.status_code == 400 and "kind" in response.json()


def test_template_download(api: APIClient) -> None:
    response = api.get("/api/v1/imports/template/", {"kind": "workers"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert header[0] == "NIK"


def test_list_filters_by_search_and_status(api: APIClient) -> None:
    siti = register()
    budi = register(nik=BUDI, name="Budi Santoso")
    api.post(f"/api/v1/workers/{budi.pk}/verify/")
    assert [r["nik"] for r in api.get("/api/v1/workers/", {"q": "budi"}).json()["results"]] == [BUDI]
    assert [r["nik"] for r in api.get("/api/v1/workers/", {"q": "33240145"}).json()["results"]] == [siti.nik]
    assert [r["nik"] for r in api.get("/api/v1/workers/", {"status": "verified"}).json()["results"]] == [BUDI]


@pytest.mark.parametrize(
    ("village", "found"),
    [("33.24.01.2001", [SITI]), ("33.24.01", [SITI]), ("33.24.09", []), ("33.24.01.", []), ("99", [])],
)
def test_list_filters_by_village_code(api: APIClient, village: str, found: list[str]) -> None:
    register()
    response = api.get("/api/v1/workers/", {"village": village})
    assert response.status_code == 200
    assert [row["nik"] for row in response.json()["results"]] == found
