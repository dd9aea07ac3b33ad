"""The sponsors and sponsorships API: scoping by role, every change through
the services, refusals as 400s in Indonesian."""

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from peduli.accounts.models import User
from peduli.agencies.models import Agency, CivilServant
from peduli.core.models import AccessLog
from peduli.core.months import YearMonth
from peduli.ledger.models import Due, Payment
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.sponsorships.services import sponsor_for_civil_servant, sponsorship_start
from peduli.workers.models import Worker
from tests.support.clients import api_for

NOW = YearMonth.current()


@pytest.fixture
def teacher(person_factory: Callable[..., CivilServant]) -> Sponsor:
    """A civil servant of the education office, as a sponsor."""
    return sponsor_for_civil_servant(actor=None, civil_servant=person_factory("disdik", name="Bambang Guru"))


def codes(response: Any) -> set[str]:
    assert response.status_code == 200, response.json()
    return {row["code"] for row in response.json()["results"]}


def test_agency_operator_sees_only_the_sponsors_of_their_agency(
    agencies: dict[str, Agency],
    user_factory: Callable[..., User],
    company: Sponsor,
    nurse: Sponsor,
    teacher: Sponsor,
    api: APIClient,
) -> None:
    operator = api_for(user_factory("agency_operator", agency=agencies["dinkes"]))
    assert codes(operator.get("/api/v1/sponsors/")) == {nurse.code}
    assert operator.get(f"/api/v1/sponsors/{teacher.pk}/").status_code == 404
    assert codes(api.get("/api/v1/sponsors/")) == {company.code, nurse.code, teacher.code}


def test_csr_partner_sees_only_their_own_sponsor_and_its_sponsorships(
    partner: User, company: Sponsor, nurse: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    own = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    other = sponsorship_start(actor=None, sponsor=nurse, worker=worker_factory(), start=NOW)
    client = api_for(partner)
    assert codes(client.get("/api/v1/sponsors/")) == {company.code}
    assert [row["id"] for row in client.get("/api/v1/sponsorships/").json()["results"]] == [own.pk]
    assert client.get(f"/api/v1/sponsorships/{other.pk}/").status_code == 404


def test_sponsor_list_filters_by_kind_agency_and_search(
    api: APIClient, agencies: dict[str, Agency], company: Sponsor, nurse: Sponsor, teacher: Sponsor
) -> None:
    assert codes(api.get("/api/v1/sponsors/?kind=csr")) == {company.code}
    assert codes(api.get(f"/api/v1/sponsors/?agency={agencies['disdik'].pk}")) == {teacher.code}
    assert codes(api.get("/api/v1/sponsors/?q=ratna")) == {nurse.code}


def test_reading_sponsors_is_logged_as_access_to_personal_data(api: APIClient, admin: User, nurse: Sponsor) -> None:
    api.get("/api/v1/sponsors/")
    api.get(f"/api/v1/sponsors/{nurse.pk}/")
    logged = AccessLog.objects.filter(user=admin, subject__contains="sponsor", action=AccessLog.Action.API_READ)
    assert sorted(entry.object_id for entry in logged) == ["", str(nurse.pk)]


def test_create_records_an_organisation_sponsor(api: APIClient, partner: User) -> None:
    body = {"kind": "bumd", "code": "bpr-kendal", "name": "PT BPR Bank Kendal", "phone": "0294381234",
            "partner": partner.pk}  # fmt: skip
    response = api.post("/api/v1/sponsors/", body, format="json")
    assert response.status_code == 201, response.json()
    sponsor = Sponsor.objects.get(code="BPR-KENDAL")
    assert (sponsor.kind, sponsor.partner, response.json()["running"]) == ("bumd", partner, 0)


def test_create_refuses_a_civil_servant_kind_in_indonesian(api: APIClient) -> None:
    response = api.post("/api/v1/sponsors/", {"kind": "asn", "code": "x", "name": "Siapa"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"kind": ["ASN menjadi donatur lewat data ASN-nya."]}


def test_agency_operator_may_not_record_an_organisation(
    agencies: dict[str, Agency], user_factory: Callable[..., User]
) -> None:
    operator = api_for(user_factory("agency_operator", agency=agencies["dinkes"]))
    response = operator.post("/api/v1/sponsors/", {"kind": "csr", "code": "c", "name": "PT C"}, format="json")
    assert response.status_code == 403
    assert "Disperinaker" in response.json()["non_field_errors"][0]
    assert not Sponsor.objects.filter(code="C").exists()


def test_update_corrects_the_contact_data_and_keeps_the_code(api: APIClient, company: Sponsor) -> None:
    body = {"name": "PT Contoh Makmur Tbk", "contact_name": "Bu Sari", "email": "csr@contoh.co.id"}
    response = api.put(f"/api/v1/sponsors/{company.pk}/", body, format="json")
    assert response.status_code == 200, response.json()
    company.refresh_from_db()
    assert (company.code, company.name, company.contact_name, company.partner) == (
        "CSR-01", "PT Contoh Makmur Tbk", "Bu Sari", None,
    )  # fmt: skip


def test_start_by_nik_creates_the_sponsorship_and_its_back_dues(
    api: APIClient, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory()
    body = {"sponsor": company.pk, "worker": worker.nik, "start": str(NOW - 1)}
    response = api.post("/api/v1/sponsorships/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["start_month"] == str(NOW - 1) and response.json()["end_month"] is None
    sponsorship = Sponsorship.objects.get(pk=response.json()["id"])
    assert (sponsorship.sponsor, sponsorship.worker) == (company, worker)
    assert Due.objects.filter(sponsorship=sponsorship).count() == 2


def test_start_with_a_badly_written_month_says_how_to_write_it(
    api: APIClient, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    body = {"sponsor": company.pk, "worker": worker_factory().pk, "start": "Juni 2025"}
    response = api.post("/api/v1/sponsorships/", body, format="json")
    assert response.status_code == 400
    assert response.json()["start"][0].startswith("Tulis bulan sebagai TTTT-BB")


def test_start_for_a_worker_already_sponsored_is_refused_on_the_worker(
    api: APIClient, company: Sponsor, nurse: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory(name="Siti Aminah")
    sponsorship_start(actor=None, sponsor=nurse, worker=worker, start=NOW)
    response = api.post(
        "/api/v1/sponsorships/", {"sponsor": company.pk, "worker": worker.pk, "start": str(NOW)}, format="json"
    )
    assert response.status_code == 400
    # The labour office reads the registry: told what is wrong, though not whose worker it is.
    assert response.json() == {"worker": ["Pekerja ini sudah dibiayai donatur lain pada bulan itu."]}


def test_start_with_an_unknown_worker_is_refused_on_the_worker(api: APIClient, company: Sponsor) -> None:
    body = {"sponsor": company.pk, "worker": "3324010101900001", "start": str(NOW)}
    response = api.post("/api/v1/sponsorships/", body, format="json")
    assert response.status_code == 400
    assert "Pekerja tidak ditemukan" in response.json()["worker"][0]


def test_agency_operator_starts_a_sponsorship_for_a_civil_servant_of_their_agency(
    agencies: dict[str, Agency],
    user_factory: Callable[..., User],
    nurse: Sponsor,
    teacher: Sponsor,
    worker_factory: Callable[..., Worker],
) -> None:
    operator = api_for(user_factory("agency_operator", agency=agencies["dinkes"]))
    worker = worker_factory()
    response = operator.post(
        "/api/v1/sponsorships/", {"sponsor": nurse.pk, "worker": worker.nik, "start": str(NOW)}, format="json"
    )
    assert response.status_code == 201, response.json()
    # Another agency's civil servant is not theirs to name.
    response = operator.post(
        "/api/v1/sponsorships/", {"sponsor": teacher.pk, "worker": worker_factory().nik, "start": str(NOW)},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {"sponsor": ["Donatur tidak ditemukan."]}
    assert Sponsorship.objects.filter(sponsor=teacher).count() == 0


def test_end_cancels_the_later_dues(api: APIClient, company: Sponsor, worker_factory: Callable[..., Worker]) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW - 2)
    body = {"last_month": str(NOW - 1), "reason": "pekerja_formal", "note": "Diterima di pabrik"}
    response = api.post(f"/api/v1/sponsorships/{sponsorship.pk}/end/", body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["end_month"] == str(NOW - 1)
    assert list(Due.objects.filter(sponsorship=sponsorship, cancelled=True).values_list("month", flat=True)) == [
        NOW.first_day
    ]


def test_end_before_the_start_is_refused_on_the_last_month(
    api: APIClient, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    body = {"last_month": str(NOW - 1), "reason": "pekerja_formal"}
    response = api.post(f"/api/v1/sponsorships/{sponsorship.pk}/end/", body, format="json")
    assert response.status_code == 400
    assert "tidak boleh sebelum bulan mulai" in response.json()["last_month"][0]


def test_prepay_settles_the_months_ahead_in_one_payment(
    api: APIClient, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    body = {"months": 3, "received_on": "01/" + NOW.first_day.strftime("%m/%Y"), "method": "transfer",
            "reference": "PRE-API-1"}  # fmt: skip
    response = api.post(f"/api/v1/sponsorships/{sponsorship.pk}/prepay/", body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["payment"]["amount"] == 3 * 16_800
    dues = Due.objects.filter(sponsorship=sponsorship)
    assert [(YearMonth.of(d.month), d.paid_amount) for d in dues] == [(NOW + i, 16_800) for i in range(3)]


def test_prepay_for_two_months_is_refused_in_indonesian(
    api: APIClient, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    body = {"months": 2, "received_on": NOW.first_day.isoformat(), "method": "transfer", "reference": "PRE-2"}
    response = api.post(f"/api/v1/sponsorships/{sponsorship.pk}/prepay/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"months": ["Bayar di muka untuk 1, 3, 6 atau 12 bulan."]}


def test_csr_partner_may_read_but_not_prepay(
    partner: User, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    body = {"months": 1, "received_on": NOW.first_day.isoformat(), "method": "transfer", "reference": "PRE-3"}
    response = api_for(partner).post(f"/api/v1/sponsorships/{sponsorship.pk}/prepay/", body, format="json")
    assert response.status_code == 403
    assert not Payment.objects.exists()
