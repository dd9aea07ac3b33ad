"""The agency pages offer the instance's own districts, and no other; the
roster form suggests home villages from the server."""

import re
from datetime import date

import pytest

from peduli.accounts.models import User
from peduli.agencies.models import Agency, CivilServant
from peduli.agencies.services import agency_create, agency_update
from peduli.core.errors import ApplicationError
from peduli.regions.models import Region
from tests.conftest import make_nip
from tests.support.clients import api_for, client_for


@pytest.fixture
def neighbour(kendal: Region) -> Region:
    """A district of another regency (Kota Semarang's Semarang Tengah), loaded as the national list would."""
    regency = Region.objects.create(code="33.74", name="Kota Semarang", level=Region.Level.REGENCY, parent_id="33")
    return Region.objects.create(code="33.74.01", name="Semarang Tengah", level=Region.Level.DISTRICT, parent=regency)


def district_options(page: str) -> set[str]:
    select = re.search(r'<select name="district".*?</select>', page, re.S)
    assert select, "no district select on the page"
    return set(re.findall(r'<option value="([^"]+)"', select.group(0)))


def test_the_agency_pages_offer_exactly_the_instances_districts(
    agencies: dict[str, Agency], admin: User, neighbour: Region
) -> None:
    kendal_districts = set(Region.objects.filter(parent_id="33.24").values_list("code", flat=True))
    assert len(kendal_districts) == 20
    client = client_for(admin)
    for url in ("/opd/", "/opd/baru/", f"/opd/{agencies['dinkes'].pk}/ubah/"):
        assert district_options(client.get(url).content.decode()) == kendal_districts, url


def test_a_district_outside_the_instance_is_refused_when_posted(
    agencies: dict[str, Agency], admin: User, neighbour: Region
) -> None:
    client = client_for(admin)
    created = client.post(
        "/opd/baru/",
        {"code": "KEC-X", "name": "Kec X", "kind": "kecamatan", "district": neighbour.code, "valid_from": "01/01/2025"},
    )
    assert created.status_code == 200 and "hanya kecamatan wilayah instansi ini" in created.content.decode()
    assert not Agency.objects.filter(code="KEC-X").exists()
    changed = client.post(f"/opd/{agencies['dinkes'].pk}/ubah/", {"kind": "dinas", "district": neighbour.code})
    assert changed.status_code == 200 and "hanya kecamatan wilayah instansi ini" in changed.content.decode()
    agencies["dinkes"].refresh_from_db()
    assert agencies["dinkes"].district is None


def test_the_service_refuses_a_district_outside_the_agencys_regency(
    agencies: dict[str, Agency], neighbour: Region
) -> None:
    with pytest.raises(ApplicationError, match=r"di luar wilayah 33\.24") as caught:
        agency_create(
            actor=None, code="KEC-X", name="Kec X", kind="kecamatan", valid_from=date(2025, 1, 1), district=neighbour
        )
    assert caught.value.field == "district"
    with pytest.raises(ApplicationError, match=r"di luar wilayah 33\.24"):
        agency_update(
            actor=None, agency=agencies["dinkes"], short_name="", kind="dinas", district=neighbour, valid_until=None
        )


def test_the_roster_form_takes_a_home_village_suggestion_and_shows_it_back(
    agencies: dict[str, Agency], admin: User
) -> None:
    client = client_for(admin)
    form = {
        "nip": make_nip(),
        "name": "Budi Santoso",
        "sex": "L",
        "birth_date": "17/03/1985",
        "employment_type": "PNS",
        "agency": agencies["dinkes"].pk,
        "home_village": "Blumah, Kec. Plantungan (33.24.01.2001)",
    }
    page = client.get("/asn/baru/").content.decode()
    assert 'hx-get="/wilayah/desa/"' in page
    assert client.post("/asn/baru/", form).status_code == 302
    person = CivilServant.objects.get(nip=form["nip"])
    assert person.home_village_id == "33.24.01.2001"
    edit = client.get(f"/asn/{person.pk}/ubah/").content.decode()
    assert 'value="Blumah, Kec. Plantungan (33.24.01.2001)"' in edit
    refused = client.post("/asn/baru/", form | {"nip": make_nip(serial="005"), "home_village": "Gondang"})
    assert "Ada lebih dari satu desa bernama Gondang" in refused.content.decode()


def test_the_api_refuses_a_district_outside_the_instance_beside_the_field(admin: User, neighbour: Region) -> None:
    body = {
        "code": "KEC-X",
        "name": "Kec X",
        "kind": "kecamatan",
        "district": neighbour.code,
        "valid_from": "2025-01-01",
    }
    response = api_for(admin).post("/api/v1/agencies/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"district": ["Kecamatan Semarang Tengah (33.74.01) berada di luar wilayah 33.24."]}
    assert not Agency.objects.filter(code="KEC-X").exists()
