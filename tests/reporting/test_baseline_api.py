"""The baseline and target API: the labour office records, corrects and
deletes, the leader reads, everyone else is refused; the services' refusals
are 400s in Indonesian; the OpenAPI schema validates."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.regions.models import Region
from peduli.reporting.baselines.services import baseline_set, target_set
from peduli.reporting.models import InformalWorkerBaseline, Target
from tests.support.clients import api_for

BASELINES = "/api/v1/informal-worker-baselines/"
TARGETS = "/api/v1/targets/"


def test_the_admin_records_corrects_lists_and_deletes_a_figure(kendal: Region, admin: User) -> None:
    api = api_for(admin)
    created = api.post(
        BASELINES,
        {"district": "33.24.01", "year": 2025, "informal_workers": 10_988, "source": "BPS", "stated_share_pct": "3.24"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["district"], body["district_name"], body["stated_share_pct"]) == ("33.24.01", "Plantungan", 3.24)
    pk = body["id"]
    updated = api.put(f"{BASELINES}{pk}/", {"informal_workers": 11_000, "source": "BPS revisi"}, format="json")
    assert updated.json()["informal_workers"] == 11_000 and updated.json()["stated_share_pct"] is None
    api.post(BASELINES, {"year": 2024, "informal_workers": 330_000, "source": "BPS"}, format="json")
    listed = api.get(BASELINES, {"year": 2025}).json()["results"]
    assert [row["id"] for row in listed] == [pk]
    assert api.delete(f"{BASELINES}{pk}/").status_code == 204
    assert list(InformalWorkerBaseline.objects.values_list("year", flat=True)) == [2024]


def test_a_refused_figure_is_a_400_keyed_to_its_field(kendal: Region, admin: User) -> None:
    response = api_for(admin).post(BASELINES, {"year": 1990, "informal_workers": 5, "source": "BPS"}, format="json")
    assert response.status_code == 400
    assert response.json()["year"] == [f"Tahun harus antara 2000 dan {date.today().year + 1}."]


def test_the_warnings_of_a_year(kendal: Region, admin: User) -> None:
    baseline_set(actor=None, regency=kendal, district=Region.objects.get(code="33.24.01"), year=2025,
                 informal_workers=10, source="BPS")  # fmt: skip
    body = api_for(admin).get(f"{BASELINES}warnings/", {"year": 2025}).json()
    assert body["year"] == 2025
    assert body["warnings"][0].startswith("Tahun 2025: baru 1 dari 20 kecamatan")


def test_the_leader_reads_but_does_not_change(kendal: Region, user_factory: Callable[..., User]) -> None:
    row = baseline_set(actor=None, regency=kendal, district=None, year=2025, informal_workers=338_681, source="BPS")
    target = target_set(actor=None, regency=kendal, year=2029, coverage_pct=Decimal("51.64"), legal_source="RPJMD")
    api = api_for(user_factory("leader"))
    assert api.get(BASELINES).json()["results"][0]["informal_workers"] == 338_681
    assert api.get(TARGETS).json() == [
        {"id": target.pk, "regency": "33.24", "year": 2029, "coverage_pct": 51.64, "legal_source": "RPJMD"}
    ]
    assert api.put(f"{BASELINES}{row.pk}/", {"informal_workers": 1, "source": "x"}, format="json").status_code == 403
    assert api.post(TARGETS, {"year": 2045, "coverage_pct": "64.74", "legal_source": "RPJPD"}).status_code == 403
    assert api.delete(f"{TARGETS}{target.pk}/").status_code == 403
    assert Target.objects.count() == 1


@pytest.mark.parametrize("role", ["agency_operator", "csr_partner", "bpjs_officer"])
def test_other_roles_are_refused(
    kendal: Region, agencies: dict[str, Agency], user_factory: Callable[..., User], role: str
) -> None:
    place = {"agency": agencies["dinkes"]} if role == "agency_operator" else {}
    api = api_for(user_factory(role, **place))
    assert api.get(BASELINES).status_code == 403
    assert api.get(TARGETS).status_code == 403


def test_the_admin_sets_corrects_and_deletes_targets(kendal: Region, admin: User) -> None:
    api = api_for(admin)
    created = api.post(TARGETS, {"year": 2045, "coverage_pct": "64.74", "legal_source": "RPJPD"}, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    refused = api.put(f"{TARGETS}{pk}/", {"coverage_pct": "101", "legal_source": "RPJPD"}, format="json")
    assert refused.status_code == 400
    api.put(f"{TARGETS}{pk}/", {"coverage_pct": "65.00", "legal_source": "RPJPD 2025–2045"}, format="json")
    assert Target.objects.get().coverage_pct == Decimal("65.00")
    assert api.delete(f"{TARGETS}{pk}/").status_code == 204
    assert not Target.objects.exists()


def test_the_openapi_schema_validates_with_baselines_and_targets(tmp_path: Path) -> None:
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    paths = [BASELINES, f"{BASELINES}{{id}}/", f"{BASELINES}warnings/", TARGETS, f"{TARGETS}{{id}}/"]
    assert [path for path in paths if f"{path}:" not in schema] == []
