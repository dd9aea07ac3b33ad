"""The permission matrix: every role × every page and API endpoint × an object
inside and outside its scope, asserting exactly who gets what."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from peduli.accounts.models import Role, User
from peduli.agencies.models import Agency, CivilServant
from tests.support.clients import client_for
from tests.support.files import xlsx_column

ROLES = [r.value for r in Role]
READERS = {"regency_admin", "leader", "agency_operator", "district_operator"}
MANAGERS = {"regency_admin", "agency_operator", "district_operator"}


@pytest.fixture
def world(
    agencies: dict[str, Agency], person_factory: Callable[..., CivilServant], user_factory: Callable[..., User]
) -> dict[str, Any]:
    """A civil servant in Dinkes (the agency operator's), one in Disdik (nobody's
    but the labour office's) and one in the Kendal district office."""
    dinkes_person = person_factory("dinkes")
    disdik_person = person_factory("disdik")
    kec_person = person_factory("kec")
    users = {
        "regency_admin": user_factory("regency_admin"),
        "leader": user_factory("leader"),
        "agency_operator": user_factory("agency_operator", agency=agencies["dinkes"]),
        "district_operator": user_factory("district_operator", district=agencies["kec"].district),
        "civil_servant": user_factory("civil_servant", civil_servant=dinkes_person),
        "bpjs_officer": user_factory("bpjs_officer"),
        "csr_partner": user_factory("csr_partner"),
    }
    return {
        "users": users,
        "people": {"dinkes": dinkes_person, "disdik": disdik_person, "kec": kec_person},
        "agencies": agencies,
    }


# Which civil servants each role may open: by page and by API alike.
SEES_PERSON = {
    "regency_admin": {"dinkes", "disdik", "kec"},
    "leader": {"dinkes", "disdik", "kec"},
    "agency_operator": {"dinkes"},
    "district_operator": {"kec"},
    "civil_servant": {"dinkes"},
    "bpjs_officer": set(),
    "csr_partner": set(),
}
# Agencies follow the same places: a civil servant sees their own agency.
SEES_AGENCY = SEES_PERSON
MAY_EDIT_PERSON = {
    "regency_admin": {"dinkes", "disdik", "kec"},
    "agency_operator": {"dinkes"},
    "district_operator": {"kec"},
}


@pytest.mark.parametrize("role", ROLES)
def test_civil_servant_detail_page_and_api(role: str, world: dict[str, Any]) -> None:
    client = client_for(world["users"][role])
    seen_by_page, seen_by_api = set(), set()
    for key in ("dinkes", "disdik", "kec"):
        person = world["people"][key]
        page = client.get(reverse("agencies:civil_servant_detail", args=[person.pk]))
        api = client.get(f"/api/v1/civil-servants/{person.pk}/")
        assert page.status_code in (200, 404) and api.status_code in (200, 404)  # never 403: no existence leak
        if page.status_code == 200:
            seen_by_page.add(key)
        if api.status_code == 200:
            seen_by_api.add(key)
    assert seen_by_page == SEES_PERSON[role]
    assert seen_by_api == SEES_PERSON[role]


@pytest.mark.parametrize("role", ROLES)
def test_agency_detail_page_and_api(role: str, world: dict[str, Any]) -> None:
    client = client_for(world["users"][role])
    seen = {
        key
        for key in ("dinkes", "disdik", "kec")
        if client.get(reverse("agencies:agency_detail", args=[world["agencies"][key].pk])).status_code == 200
    }
    seen_api = {
        key
        for key in ("dinkes", "disdik", "kec")
        if client.get(f"/api/v1/agencies/{world['agencies'][key].pk}/").status_code == 200
    }
    assert seen == seen_api == SEES_AGENCY[role]


@pytest.mark.parametrize("role", ROLES)
def test_list_pages_api_lists_and_exports_show_only_the_scope(role: str, world: dict[str, Any]) -> None:
    client = client_for(world["users"][role])
    expected_nips = {world["people"][key].nip for key in SEES_PERSON[role]}
    page = client.get(reverse("agencies:civil_servant_list"))
    export = client.get(reverse("agencies:civil_servant_export"))
    if role in READERS:
        assert page.status_code == 200
        shown = {p.nip for p in world["people"].values() if p.nip in page.content.decode()}
        assert shown == expected_nips
        assert export.status_code == 200
        assert set(xlsx_column(export.content, "NIP")) == expected_nips
    else:
        assert page.status_code == 403
        assert export.status_code == 403
    api = client.get("/api/v1/civil-servants/")
    assert api.status_code == 200
    assert {row["nip"] for row in api.json()["results"]} == expected_nips
    api_export = client.get("/api/v1/civil-servants/export/")
    if role in READERS:
        assert set(xlsx_column(api_export.content, "NIP")) == expected_nips
    else:
        assert api_export.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_edit_pages_open_only_within_the_managed_scope(role: str, world: dict[str, Any]) -> None:
    client = client_for(world["users"][role])
    allowed = {
        key
        for key in ("dinkes", "disdik", "kec")
        if client.get(reverse("agencies:civil_servant_update", args=[world["people"][key].pk])).status_code == 200
    }
    assert allowed == MAY_EDIT_PERSON.get(role, set())
    create = client.get(reverse("agencies:civil_servant_create"))
    assert create.status_code == (200 if role in MANAGERS else 403)
    agency_create = client.get(reverse("agencies:agency_create"))
    assert agency_create.status_code == (200 if role == "regency_admin" else 403)
    imports = client.get(reverse("agencies:roster_import_list"))
    assert imports.status_code == (200 if role in MANAGERS else 403)
    template = client.get(reverse("agencies:roster_import_template"))
    assert template.status_code == (200 if role in MANAGERS else 403)


@pytest.mark.parametrize("role", ROLES)
def test_api_writes_follow_the_same_rules(role: str, world: dict[str, Any]) -> None:
    client = client_for(world["users"][role])
    target = world["people"]["disdik"]
    response = client.post(
        f"/api/v1/civil-servants/{target.pk}/end-service/",
        {"on": "2026-01-01", "reason": "pensiun"},
        content_type="application/json",
    )
    expected = 200 if role == "regency_admin" else 404 if role not in ("leader",) else 403
    assert response.status_code == expected
    rename = client.post(
        f"/api/v1/agencies/{world['agencies']['dinkes'].pk}/rename/",
        {"new_name": "Dinas Baru", "effective": "2026-01-01"},
        content_type="application/json",
    )
    expected_rename = (
        200 if role == "regency_admin" else 403 if role in SEES_AGENCY and "dinkes" in SEES_AGENCY[role] else 404
    )
    assert rename.status_code == expected_rename


def test_anonymous_is_sent_to_login_and_refused_by_the_api(world: dict[str, Any]) -> None:
    client = Client()
    page = client.get(reverse("agencies:civil_servant_list"))
    assert page.status_code == 302 and reverse("accounts:login") in page["Location"]
    assert client.get("/api/v1/civil-servants/").status_code in (401, 403)


def test_django_admin_is_for_superusers_only(world: dict[str, Any]) -> None:
    admin = world["users"]["regency_admin"]
    admin.is_staff = True
    admin.save()
    assert client_for(admin).get("/django-admin/").status_code == 302
