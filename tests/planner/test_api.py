"""The planner API: scenarios through the services, the yearly projection,
planners only, and an OpenAPI schema that validates."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from peduli.accounts.models import User
from peduli.planner.models import Scenario
from tests.support.clients import api_for

pytestmark = pytest.mark.django_db
PAYLOAD = {
    "name": "Dorongan ASN", "start_month": "2025-06", "informal_workers": 338_681, "protected_workers": 14_177,
    "civil_servants": 10_292, "sponsoring_civil_servants": 728, "workers_by_civil_servants": 728,
    "new_sponsors_per_month": 300, "apbd_per_year": 15_000_000_000,
}  # fmt: skip


def test_a_planner_creates_changes_projects_and_deletes_a_scenario(admin: User) -> None:
    api = api_for(admin)
    created = api.post("/api/v1/planner-scenarios/", PAYLOAD, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["start_month"] == "2025-06" and body["regency"] == "33.24" and body["created_by"] == admin.username
    pk = body["id"]
    patched = api.patch(f"/api/v1/planner-scenarios/{pk}/", {"lapse_pct_per_month": "0.50"}, format="json")
    assert patched.status_code == 200, patched.json()
    assert patched.json()["lapse_pct_per_month"] == "0.50" and patched.json()["apbd_per_year"] == 15_000_000_000
    projection = api.get(f"/api/v1/planner-scenarios/{pk}/projection/").json()
    assert projection["start_month"] == "2025-06" and projection["last_month"] == "2045-12"
    assert projection["premium"] == 16_800
    assert [t["year"] for t in projection["targets"]] == [2029, 2045]
    first = projection["years"][0]
    assert first["year"] == 2025 and first["gap"] == first["needed"] - first["planned"]
    assert first["cost_total"] == sum(first["cost"].values())
    # Whole rupiah that add up: a full year plans the budget exactly, and the
    # budget's premiums plus what it left unspent are what it planned.
    assert projection["enrolment_capacity_per_month"] == 300  # no history: the planner's constant
    assert [y["planned"] for y in projection["years"][1:]] == [15_000_000_000] * 20
    for year in projection["years"]:
        assert year["budget_cost"] + year["unspent"] == year["planned"]
        assert year["budget_cost"] == sum(year["cost"][s] for s in ("csr", "bumd", "dbhcht", "apbd"))
    assert projection["years"][1]["unspent"] > 0  # 300 new workers a month cannot spend 15 billion in 2026
    changed = api.patch(f"/api/v1/planner-scenarios/{pk}/", {"enrolment_capacity_per_month": 5_000}, format="json")
    assert changed.json()["enrolment_capacity_per_month"] == 5_000
    faster = api.get(f"/api/v1/planner-scenarios/{pk}/projection/").json()
    assert faster["years"][1]["protected"] > projection["years"][1]["protected"]
    assert faster["targets"][0]["reached"] is None and faster["targets"][0]["first_met"] is None
    back = api.patch(f"/api/v1/planner-scenarios/{pk}/", {"enrolment_capacity_per_month": None}, format="json")
    assert back.json()["enrolment_capacity_per_month"] == 300
    assert api.delete(f"/api/v1/planner-scenarios/{pk}/").status_code == 204
    assert not Scenario.objects.exists()


def test_a_refusal_comes_back_beside_its_field(admin: User) -> None:
    response = api_for(admin).post(
        "/api/v1/planner-scenarios/", {**PAYLOAD, "protected_workers": 400_000}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "protected_workers": ["Pekerja terlindungi tidak boleh melebihi jumlah pekerja informal."]
    }


def test_only_planners_use_the_planner_api(user_factory: Callable[..., User], scenario_factory: Any) -> None:
    scenario = scenario_factory()
    api = api_for(user_factory("bpjs_officer"))
    assert api.get("/api/v1/planner-scenarios/").status_code == 403
    assert api.get(f"/api/v1/planner-scenarios/{scenario.pk}/projection/").status_code == 403
    assert api.post("/api/v1/planner-scenarios/", PAYLOAD, format="json").status_code == 403
    leader = api_for(user_factory("leader"))
    assert [row["id"] for row in leader.get("/api/v1/planner-scenarios/").json()["results"]] == [scenario.pk]


def test_the_openapi_schema_validates_with_the_planner(tmp_path: Path) -> None:
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    assert "/api/v1/planner-scenarios/{id}/projection/:" in schema
