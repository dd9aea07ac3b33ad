"""The registration API: batches (create, list, entries, xlsx), template
versions, BPJS's answer through the imports API; others get nothing."""

from collections.abc import Callable
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.bpjs.models import RegistrationBatch, RegistrationTemplate
from peduli.core.models import AccessLog
from peduli.workers.models import Worker
from tests.support.clients import api_for
from tests.support.records.bpjs_registration import answer_xlsx, kpj_for, registered_row

BATCHES = "/api/v1/bpjs-registration-batches/"
TEMPLATES = "/api/v1/bpjs-registration-templates/"


def test_an_officer_makes_a_batch_reads_its_workers_and_downloads_the_file(
    sponsored: Callable[..., list[Worker]], officer: User
) -> None:
    workers = sponsored(3)
    client = api_for(officer)
    created = client.post(BATCHES, {"limit": 2}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["worker_count"], body["sent_count"], body["template_version"], body["regency"]) == (2, 2, 1, "33.24")

    listed = client.get(BATCHES).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    entries = client.get(f"{BATCHES}{body['id']}/entries/").json()
    assert sorted(row["nik"] for row in entries["results"]) == sorted(w.nik for w in workers[:2])
    assert {row["status"] for row in entries["results"]} == {"sent"}

    download = client.get(f"{BATCHES}{body['id']}/download/")
    assert download.status_code == 200 and download.content[:2] == b"PK"
    logged = AccessLog.objects.filter(subject="bpjs_registration_batch", action="export", object_id=body["id"])
    assert logged.get().detail == f"GET {BATCHES}{body['id']}/download/"

    rest = client.post(BATCHES, {}, format="json")
    assert rest.json()["worker_count"] == 1
    nothing = client.post(BATCHES, {}, format="json")
    assert nothing.status_code == 400
    assert "Tidak ada pekerja yang perlu didaftarkan" in nothing.json()["non_field_errors"][0]


def test_templates_are_versioned_and_validated_through_the_api(officer: User) -> None:
    client = api_for(officer)
    fields = client.get(f"{TEMPLATES}fields/").json()
    assert {
        "key": "birth_place",
        "label": "Tempat lahir",
        "text": False,
    } in fields

    columns = [{"header": "NIK", "field": "nik"}, {"header": "X", "field": "nomor_ibu"}]
    bad = client.post(TEMPLATES, {"name": "Baru", "columns": columns}, format="json")
    assert bad.status_code == 400
    assert bad.json() == {"columns": ['Isian "nomor_ibu" pada kolom 2 tidak dikenal.']}

    good = client.post(TEMPLATES, {"name": "Baru", "note": "Juli", "columns": [{"header": "NIK", "field": "nik"}]},
                       format="json")  # fmt: skip
    assert good.status_code == 201
    assert (good.json()["version"], good.json()["created_by"]) == (2, officer.username)
    assert [row["version"] for row in client.get(TEMPLATES).json()["results"]] == [2, 1]


def test_bpjs_answers_go_through_the_imports_api(
    sponsored: Callable[..., list[Worker]], officer: User, tmp_path: Path
) -> None:
    (worker,) = sponsored(1)
    client = api_for(officer)
    client.post(BATCHES, {}, format="json")
    content = answer_xlsx(tmp_path / "jawaban.xlsx", [registered_row(worker)]).read_bytes()
    upload = SimpleUploadedFile("jawaban.xlsx", content)
    response = client.post("/api/v1/imports/", {"kind": "bpjs_registration_answers", "file": upload, "dry_run": False})
    assert response.status_code == 202, response.content
    assert client.get(f"/api/v1/imports/{response.json()['id']}/").json()["updated_count"] == 1
    assert Worker.objects.get(pk=worker.pk).kpj == kpj_for(worker)


def test_agency_operators_get_nothing_and_may_not_create(
    sponsored: Callable[..., list[Worker]],
    officer: User,
    user_factory: Callable[..., User],
    agencies: dict[str, Agency],
) -> None:
    sponsored(1)
    api_for(officer).post(BATCHES, {"limit": 1}, format="json")
    client = api_for(user_factory("agency_operator", agency=agencies["dinkes"]))
    batch = RegistrationBatch.objects.get()
    assert client.get(BATCHES).json()["count"] == 0
    assert client.get(TEMPLATES).json()["count"] == 0
    assert client.get(f"{BATCHES}{batch.pk}/download/").status_code == 404
    assert client.post(BATCHES, {}, format="json").status_code == 403
    assert client.post(TEMPLATES, {"name": "X", "columns": [{"header": "NIK", "field": "nik"}]},
                       format="json").status_code == 403  # fmt: skip
    upload = SimpleUploadedFile("j.csv", b"NIK,KPJ\n")
    assert client.post("/api/v1/imports/", {"kind": "bpjs_registration_answers", "file": upload}).status_code == 403
    assert RegistrationTemplate.objects.count() == 1 and RegistrationBatch.objects.count() == 1
