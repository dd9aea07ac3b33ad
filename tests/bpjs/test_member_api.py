"""The API of BPJS's member lists and claims: the same services and scopes as the pages."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.bpjs.member_services import member_list_import_file
from peduli.core.months import YearMonth
from peduli.imports.models import ImportBatch
from peduli.regions.models import Region
from tests.support.clients import api_for
from tests.support.files import csv_write
from tests.support.records.bpjs_members import nik_for

JUNE = YearMonth(2025, 6)


@pytest.mark.django_db
def test_members_are_listed_by_month_for_bpjs_officers_only(
    kendal: Region, tmp_path: Path, user_factory: Callable[..., User], agencies: dict[str, Agency]
) -> None:
    header = ["NIK", "Nama", "Kode Desa"]
    member_list_import_file(path=csv_write(tmp_path, [header, [nik_for(1), "Mei", "33.24.01.2001"]]),
                            month=JUNE - 1, actor=None)  # fmt: skip
    member_list_import_file(path=csv_write(tmp_path, [header, [nik_for(2), "Juni", ""]]), month=JUNE, actor=None)
    officer = api_for(user_factory("bpjs_officer"))

    june = officer.get("/api/v1/bpjs-members/", {"bulan": "2025-06"}).json()
    everyone = officer.get("/api/v1/bpjs-members/").json()
    operator = api_for(user_factory("agency_operator", agency=agencies["dinkes"]))

    assert [(m["name"], m["first_month"], m["last_month"]) for m in june["results"]] == [("Juni", "2025-06", "2025-06")]
    assert {m["name"]: m["district"] for m in everyone["results"]} == {"Mei": "33.24.01", "Juni": None}
    assert operator.get("/api/v1/bpjs-members/").json()["results"] == []


@pytest.mark.django_db
def test_a_list_is_uploaded_for_a_month_and_counts_are_read(
    kendal: Region, tmp_path: Path, user_factory: Callable[..., User]
) -> None:
    officer = api_for(user_factory("bpjs_officer"))
    upload = SimpleUploadedFile("jumlah.csv", b"Kode Desa,Jumlah\n33.24.01.2001,40\n")

    response = officer.post("/api/v1/bpjs-members/import/", {"file": upload, "month": "2025-06", "counts": True,
                                                            "dry_run": False}, format="multipart")  # fmt: skip

    assert response.status_code == 202, response.json()
    assert response.json()["original_name"] == "[2025-06] jumlah.csv"
    assert ImportBatch.objects.get().created_count == 1
    counts = api_for(user_factory("leader")).get("/api/v1/bpjs-member-counts/", {"bulan": "2025-06"}).json()
    assert [(c["village"], c["month"], c["count"]) for c in counts["results"]] == [("33.24.01.2001", "2025-06", 40)]


@pytest.mark.django_db
def test_claims_are_recorded_edited_and_summed_through_the_api(
    kendal: Region, user_factory: Callable[..., User], agencies: dict[str, Agency]
) -> None:
    officer = api_for(user_factory("bpjs_officer"))
    claim = {"reference": "jkm-5", "nik": nik_for(5), "kind": "jkm", "incident_date": "2025-05-03"}

    created = officer.post("/api/v1/bpjs-claims/", claim, format="json")
    again = officer.post("/api/v1/bpjs-claims/", claim, format="json")
    pk = created.json()["id"]
    paid = officer.patch(f"/api/v1/bpjs-claims/{pk}/", {"status": "paid", "amount_paid": 42_000_000,
                                                        "paid_on": "2025-06-04"}, format="json")  # fmt: skip

    assert created.status_code == 201 and created.json()["funding_source"] == "mandiri"
    assert again.status_code == 400 and "reference" in again.json()
    assert paid.status_code == 200, paid.json()
    assert (paid.json()["reference"], paid.json()["status"], paid.json()["paid_on"]) == ("JKM-5", "paid", "2025-06-04")
    leader = api_for(user_factory("leader"))
    impact = leader.get("/api/v1/bpjs-claims/impact/", {"first": "2025-06", "last": "2025-06"})
    assert impact.status_code == 200
    assert (impact.json()["families_helped"], impact.json()["amount_paid"]) == (1, 42_000_000)
    assert impact.json()["by_source"] == [
        {"source": "mandiri", "label": "Mandiri / di luar Peduli", "families": 1, "amount": 42_000_000}
    ]
    assert leader.get("/api/v1/bpjs-claims/").json()["results"] == []
    operator = api_for(user_factory("agency_operator", agency=agencies["dinkes"]))
    assert operator.get("/api/v1/bpjs-claims/impact/").status_code == 403
    assert operator.post("/api/v1/bpjs-claims/", claim | {"reference": "X-1"}, format="json").status_code == 403
