from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from peduli.accounts.models import User
from peduli.agencies.models import Agency, CivilServant
from peduli.agencies.selectors import agency_name_on
from peduli.agencies.services import (
    CivilServantData,
    agency_create,
    agency_rename,
    civil_servant_create,
    civil_servant_end_service,
    civil_servant_update,
)
from peduli.core.errors import ApplicationError
from peduli.regions.models import Region
from tests.conftest import make_nip
from tests.support.clients import api_for, client_for
from tests.support.files import xlsx_column


def data(agency: Any, **overrides: Any) -> CivilServantData:
    fields = {
        "nip": make_nip(),
        "name": "Sri  Lestari,  S.Pd.",
        "sex": "L",
        "birth_date": date(1985, 3, 17),
        "employment_type": "PNS",
        "agency": agency,
        "rank": "iii/b",
    } | overrides
    return CivilServantData(**fields)


def test_rename_keeps_the_old_name_for_past_months(agencies: dict[str, Agency]) -> None:
    agency = agencies["dinkes"]
    effective = timezone.localdate() - timedelta(days=30)
    agency_rename(actor=None, agency=agency, new_name="Dinas Kesehatan dan KB", effective=effective)
    agency.refresh_from_db()
    assert agency.name == "Dinas Kesehatan dan KB"
    assert agency_name_on(agency, effective - timedelta(days=1)) == "Dinas Kesehatan"
    assert agency_name_on(agency, effective) == "Dinas Kesehatan dan KB"
    assert agency.history.count() == 2


def test_rename_cannot_take_effect_in_the_future(agencies: dict[str, Agency]) -> None:
    with pytest.raises(ApplicationError) as caught:
        agency_rename(
            actor=None, agency=agencies["dinkes"], new_name="X", effective=timezone.localdate() + timedelta(days=1)
        )
    assert caught.value.field == "effective"


def test_district_office_needs_a_district(kendal: Region) -> None:
    with pytest.raises(ApplicationError) as caught:
        agency_create(actor=None, code="KEC-99", name="Kec", kind="kecamatan", valid_from=date(2022, 1, 1))
    assert caught.value.field == "district"


def test_civil_servant_is_stored_tidy_with_service_start_from_nip(agencies: dict[str, Agency]) -> None:
    person = civil_servant_create(actor=None, data=data(agencies["dinkes"]))
    assert (person.name, person.rank, person.service_start) == ("Sri Lestari, S.Pd.", "III/b", date(2010, 3, 1))
    assert person.regency_id == "33.24"


def test_a_roster_e_mail_is_kept_tidy_and_an_invalid_one_refused(agencies: dict[str, Agency]) -> None:
    with pytest.raises(ApplicationError, match='Alamat e-mail "sri@" tidak valid') as caught:
        civil_servant_create(actor=None, data=data(agencies["dinkes"], email="sri@"))
    assert caught.value.field == "email"
    person = civil_servant_create(actor=None, data=data(agencies["dinkes"], email=" sri.lestari@kendalkab.go.id "))
    assert person.email == "sri.lestari@kendalkab.go.id"


def test_the_roster_e_mail_is_edited_shown_exported_and_served_by_the_api(
    agencies: dict[str, Agency], user_factory: Callable[..., User]
) -> None:
    person = civil_servant_create(actor=None, data=data(agencies["dinkes"]))
    operator = user_factory("agency_operator", agency=agencies["dinkes"])
    client = client_for(operator)
    form = {"nip": person.nip, "name": person.name, "sex": "L", "birth_date": "17/03/1985", "employment_type": "PNS",
            "agency": agencies["dinkes"].pk, "email": "sri@dinkes.kendalkab.go.id"}  # fmt: skip
    assert client.post(f"/asn/{person.pk}/ubah/", form).status_code == 302
    assert "sri@dinkes.kendalkab.go.id" in client.get(f"/asn/{person.pk}/").content.decode()
    assert xlsx_column(client.get("/asn/ekspor.xlsx").content, "Email") == ["sri@dinkes.kendalkab.go.id"]
    api = api_for(operator)
    assert api.get(f"/api/v1/civil-servants/{person.pk}/").json()["email"] == "sri@dinkes.kendalkab.go.id"
    refused = api.put(f"/api/v1/civil-servants/{person.pk}/", form | {"email": "bukan alamat"}, format="json")
    assert refused.status_code == 400 and "email" in refused.json()


def test_duplicate_nip_names_the_holder(agencies: dict[str, Agency]) -> None:
    civil_servant_create(actor=None, data=data(agencies["dinkes"]))
    with pytest.raises(ApplicationError, match="sudah terdaftar atas nama Sri Lestari") as caught:
        civil_servant_create(actor=None, data=data(agencies["disdik"], name="Orang Lain"))
    assert caught.value.code == "duplicate"


def test_sex_contradicting_the_nip_is_refused(agencies: dict[str, Agency]) -> None:
    with pytest.raises(ApplicationError) as caught:
        civil_servant_create(actor=None, data=data(agencies["dinkes"], sex="P"))
    assert caught.value.field == "sex"
    assert not CivilServant.objects.exists()


def test_unknown_rank_is_refused(agencies: dict[str, Agency]) -> None:
    with pytest.raises(ApplicationError) as caught:
        civil_servant_create(actor=None, data=data(agencies["dinkes"], rank="V/a"))
    assert caught.value.field == "rank"


def test_ending_service_keeps_the_person_for_past_months(person_factory: Callable[..., CivilServant]) -> None:
    person = person_factory()
    civil_servant_end_service(actor=None, civil_servant=person, on=date(2025, 8, 1), reason="pensiun")
    person.refresh_from_db()
    assert person.is_active_on(date(2025, 7, 31)) and not person.is_active_on(date(2025, 8, 1))
    with pytest.raises(ApplicationError):
        civil_servant_end_service(actor=None, civil_servant=person, on=date(2025, 9, 1), reason="pensiun")


def test_agency_operator_cannot_move_staff_to_another_agency(
    person_factory: Callable[..., CivilServant], agencies: dict[str, Agency], user_factory: Callable[..., User]
) -> None:
    person = person_factory("dinkes")
    operator = user_factory("agency_operator", agency=agencies["dinkes"])
    with pytest.raises(ApplicationError, match="Mutasi"):
        civil_servant_update(
            actor=operator,
            civil_servant=person,
            data=data(agencies["disdik"], nip=person.nip, name=person.name),
        )


def test_agency_operator_cannot_register_in_another_agency(
    agencies: dict[str, Agency], user_factory: Callable[..., User]
) -> None:
    operator = user_factory("agency_operator", agency=agencies["dinkes"])
    with pytest.raises(ApplicationError) as caught:
        civil_servant_create(actor=operator, data=data(agencies["disdik"]))
    assert caught.value.code == "forbidden"


def test_changes_are_recorded_with_who_before_and_after(
    person_factory: Callable[..., CivilServant], agencies: dict[str, Agency], user_factory: Callable[..., User]
) -> None:
    admin = user_factory("regency_admin")
    person = person_factory()
    civil_servant_update(
        actor=admin, civil_servant=person, data=data(agencies["dinkes"], nip=person.nip, name="Nama Baru", rank="")
    )
    latest = person.history.first()
    assert latest.history_user == admin
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(latest.prev_record).changes}
    assert changes["name"] == (person.name, "Nama Baru")
