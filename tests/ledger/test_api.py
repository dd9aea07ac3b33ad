"""The ledger API (dues, payments, remittances, arrears) and the notification
inbox: scoping by role, every change through the services, refusals as 400s
in Indonesian, and an OpenAPI schema without warnings."""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Sum
from rest_framework.test import APIClient

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.core.months import YearMonth, month_range
from peduli.ledger.models import Allocation, Due, Payment, Remittance
from peduli.ledger.services import dues_generate, payment_record, remittance_create
from peduli.notifications.models import Notification
from peduli.notifications.services import notifications_send
from peduli.regions.models import Region
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.support.clients import api_for
from tests.support.clock import first_day_overdue
from tests.support.records.ledger import pay

NOW = YearMonth.current()
TODAY = date.today()


def results(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.json()
    rows: list[dict[str, Any]] = response.json()["results"]
    return rows


# Dues ------------------------------------------------------------------------


def test_dues_filter_by_month_and_status(
    api: APIClient, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW - 2)
    pay(company, 16_800, "TRF-1")  # the oldest month only
    assert [row["month"] for row in results(api.get("/api/v1/dues/?status=paid"))] == [str(NOW - 2)]
    assert [row["month"] for row in results(api.get("/api/v1/dues/?status=open"))] == [str(NOW), str(NOW - 1)]
    rows = results(api.get(f"/api/v1/dues/?month={NOW - 1}&sponsor={company.pk}"))
    assert [(row["sponsorship"], row["status"], row["outstanding"]) for row in rows] == [
        (sponsorship.pk, "open", 16_800)
    ]


def test_dues_with_a_badly_written_month_say_how_to_write_it(api: APIClient) -> None:
    response = api.get("/api/v1/dues/?month=06-2025")
    assert response.status_code == 400
    assert response.json()["month"][0].startswith("Tulis bulan sebagai TTTT-BB")


def test_agency_operator_sees_only_the_dues_of_their_agency(
    agencies: dict[str, Agency],
    user_factory: Callable[..., User],
    company: Sponsor,
    nurse: Sponsor,
    worker_factory: Callable[..., Worker],
) -> None:
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    sponsorship_start(actor=None, sponsor=nurse, worker=worker_factory(), start=NOW)
    operator = api_for(user_factory("agency_operator", agency=agencies["dinkes"]))
    assert [row["sponsor"] for row in results(operator.get("/api/v1/dues/"))] == [nurse.pk]


def test_generate_creates_the_month_once(
    api: APIClient, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    response = api.post("/api/v1/dues/generate/", {"month": str(NOW + 1)}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"month": str(NOW + 1), "created": 2}
    assert Due.objects.filter(month=(NOW + 1).first_day).count() == 2
    assert api.post("/api/v1/dues/generate/", {"month": str(NOW + 1)}, format="json").json()["created"] == 0


def test_generate_is_for_the_labour_office_only(
    agencies: dict[str, Agency],
    user_factory: Callable[..., User],
    nurse: Sponsor,
    worker_factory: Callable[..., Worker],
) -> None:
    sponsorship_start(actor=None, sponsor=nurse, worker=worker_factory(), start=NOW)
    operator = api_for(user_factory("agency_operator", agency=agencies["dinkes"]))
    response = operator.post("/api/v1/dues/generate/", {"month": str(NOW + 1)}, format="json")
    assert response.status_code == 403
    assert response.json() == {"non_field_errors": ["Hanya Disperinaker yang membuat tagihan iuran."]}
    assert not Due.objects.filter(month=(NOW + 1).first_day).exists()


# Payments --------------------------------------------------------------------


def test_recording_a_payment_allocates_it_and_shows_the_allocations(
    api: APIClient, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory()
    sponsorship_start(actor=None, sponsor=company, worker=worker, start=NOW - 1)
    body = {"sponsor": company.pk, "amount": 40_000, "received_on": TODAY.strftime("%d/%m/%Y"),
            "method": "transfer", "reference": "TRF-API", "source": "Bank Jateng"}  # fmt: skip
    response = api.post("/api/v1/payments/", body, format="json")
    assert response.status_code == 201, response.json()
    assert [(row["month"], row["worker"], row["amount"]) for row in response.json()["allocations"]] == [
        (str(NOW - 1), worker.pk, 16_800), (str(NOW), worker.pk, 16_800),
    ]  # fmt: skip
    company.refresh_from_db()
    assert company.credit == 40_000 - 2 * 16_800
    detail = api.get(f"/api/v1/payments/{response.json()['id']}/").json()
    assert len(detail["allocations"]) == 2 and detail["reversed_by"] is None


def test_a_reference_recorded_twice_is_refused_on_the_reference(api: APIClient, company: Sponsor) -> None:
    pay(company, 16_800, "TRF-9")
    body = {"sponsor": company.pk, "amount": 16_800, "received_on": TODAY.isoformat(), "method": "transfer",
            "reference": "TRF-9"}  # fmt: skip
    response = api.post("/api/v1/payments/", body, format="json")
    assert response.status_code == 400
    assert "sudah dicatat; pembayaran tidak dicatat dua kali" in response.json()["reference"][0]
    assert Payment.objects.count() == 1


def test_a_reversal_cannot_be_recorded_as_a_payment_method(api: APIClient, company: Sponsor) -> None:
    body = {"sponsor": company.pk, "amount": 16_800, "received_on": TODAY.isoformat(), "method": "pembatalan",
            "reference": "X-1"}  # fmt: skip
    response = api.post("/api/v1/payments/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"method": ["Pilih cara bayar."]}


def test_reverse_books_a_reversal_and_reopens_the_dues(
    api: APIClient, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    payment = pay(company, 16_800, "TRF-W")
    response = api.post(f"/api/v1/payments/{payment.pk}/reverse/", {"reason": "Salah donatur"}, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["amount"], response.json()["reverses"]) == (-16_800, payment.pk)
    assert Due.objects.get(sponsorship=sponsorship).paid_amount == 0
    assert sum(Allocation.objects.values_list("amount", flat=True)) == 0
    assert api.get(f"/api/v1/payments/{payment.pk}/").json()["reversed_by"] == response.json()["id"]


def test_reverse_without_a_reason_is_refused_on_the_reason(api: APIClient, company: Sponsor) -> None:
    payment = pay(company, 16_800, "TRF-X")
    response = api.post(f"/api/v1/payments/{payment.pk}/reverse/", {"reason": " "}, format="json")
    assert response.status_code == 400
    assert response.json() == {"reason": ["Tulis alasan pembatalan."]}
    assert not Payment.objects.filter(reverses=payment).exists()


def test_csr_partner_sees_only_their_own_payments_and_may_not_record(
    admin: User, partner: User, company: Sponsor, nurse: Sponsor
) -> None:
    own, other = pay(company, 16_800, "TRF-P"), pay(nurse, 16_800, "TRF-N")
    client = api_for(partner)
    assert [row["id"] for row in results(client.get("/api/v1/payments/"))] == [own.pk]
    assert [row["id"] for row in results(api_for(admin).get(f"/api/v1/payments/?sponsor={nurse.pk}"))] == [other.pk]
    assert client.get(f"/api/v1/payments/{other.pk}/").status_code == 404
    body = {"sponsor": company.pk, "amount": 1, "received_on": TODAY.isoformat(), "method": "transfer",
            "reference": "TRF-Q"}  # fmt: skip
    assert client.post("/api/v1/payments/", body, format="json").status_code == 403
    assert not Payment.objects.filter(reference="TRF-Q").exists()


def test_csr_partner_lists_a_lump_sum_that_paid_more_than_a_thousand_dues(
    partner: User, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    # 42 workers for the 24 months of 2024 and 2025: 1,008 dues at the least.
    # SQLite used to refuse the prefetch of so many dues ("Expression tree is too large").
    first = YearMonth(2024, 1)
    for _ in range(42):
        sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=first)
    for month in month_range(first, YearMonth(2025, 12)):
        dues_generate(actor=None, month=month)
    owed = Due.objects.filter(sponsor=company).aggregate(total=Sum("amount"))["total"]
    lump_sum = payment_record(
        actor=None, sponsor=company, amount=owed, received_on=date(2025, 12, 1), method="csr", reference="CSR-2025"
    )
    assert lump_sum.allocations.count() >= 1_008
    rows = results(api_for(partner).get("/api/v1/payments/?page_size=1000"))
    assert [(row["id"], len(row["allocations"])) for row in rows] == [(lump_sum.pk, lump_sum.allocations.count())]


# Remittances -----------------------------------------------------------------


def test_remittance_create_confirm_and_the_bpjs_officer(
    api: APIClient, user_factory: Callable[..., User], company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    pay(company, 16_800, "TRF-R")
    response = api.post("/api/v1/remittances/", {"month": str(NOW)}, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["month"], response.json()["due_count"], response.json()["total_amount"]) == (
        str(NOW), 1, 16_800,
    )  # fmt: skip
    officer = api_for(user_factory("bpjs_officer"))
    remittance_id = response.json()["id"]
    assert [row["id"] for row in results(officer.get("/api/v1/remittances/"))] == [remittance_id]
    response = officer.post(f"/api/v1/remittances/{remittance_id}/confirm/", {"bpjs_reference": "BPJS-7"})
    assert response.status_code == 200, response.json()
    assert Remittance.objects.get(pk=remittance_id).status == Remittance.Status.CONFIRMED
    response = api.post(f"/api/v1/remittances/{remittance_id}/cancel/")
    assert response.status_code == 400
    assert "tidak dapat dibatalkan" in response.json()["non_field_errors"][0]


def test_remittance_cancel_frees_its_dues(
    api: APIClient, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    pay(company, 16_800, "TRF-C")
    remittance = remittance_create(actor=None, month=NOW)
    assert api.post(f"/api/v1/remittances/{remittance.pk}/cancel/").status_code == 204
    assert not Remittance.objects.exists()
    assert Due.objects.get().remittance is None


def test_remittance_of_a_month_with_nothing_paid_is_refused_in_indonesian(api: APIClient, kendal: Region) -> None:
    response = api.post("/api/v1/remittances/", {"month": str(NOW)}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [f"Tidak ada iuran {NOW.label} yang lunas dan belum disetor."]}


def test_agency_operators_see_no_remittance(
    agencies: dict[str, Agency],
    user_factory: Callable[..., User],
    company: Sponsor,
    worker_factory: Callable[..., Worker],
) -> None:
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    pay(company, 16_800, "TRF-S")
    remittance = remittance_create(actor=None, month=NOW)
    operator = api_for(user_factory("agency_operator", agency=agencies["dinkes"]))
    assert results(operator.get("/api/v1/remittances/")) == []
    assert operator.post(f"/api/v1/remittances/{remittance.pk}/cancel/").status_code == 404


# Arrears ---------------------------------------------------------------------


@pytest.fixture
def owing(
    company: Sponsor, nurse: Sponsor, worker_factory: Callable[..., Worker], today: Callable[..., date]
) -> dict[str, Any]:
    """The day after this month's premium was due, the company owes two
    months for a worker of Brangsong (33.24.01); the nurse owes one month for
    a worker of Kendal (33.24.15)."""
    today(first_day_overdue(NOW))
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW - 1)
    sponsorship_start(actor=None, sponsor=nurse, worker=worker_factory("33.24.15.1001"), start=NOW)
    return {"company": company, "nurse": nurse}


@pytest.mark.calendar
def test_arrears_by_sponsor_agency_and_district(api: APIClient, owing: dict[str, Any]) -> None:
    rows = results(api.get(f"/api/v1/arrears/?month={NOW}&by=sponsor"))
    assert [(row["code"], row["amount"], row["months"]) for row in rows] == [
        (owing["company"].code, 2 * 16_800, 2), (owing["nurse"].code, 16_800, 1),
    ]  # fmt: skip
    rows = results(api.get(f"/api/v1/arrears/?month={NOW}&by=agency"))
    assert [(row["agency"], row["sponsors"], row["amount"]) for row in rows] == [("Dinas Kesehatan", 1, 16_800)]
    rows = results(api.get(f"/api/v1/arrears/?month={NOW - 1}&by=district"))
    assert [(row["district_id"], row["workers"], row["amount"]) for row in rows] == [("33.24.01", 1, 16_800)]


def test_arrears_are_scoped_to_the_reader(partner: User, owing: dict[str, Any]) -> None:
    rows = results(api_for(partner).get("/api/v1/arrears/"))
    assert [row["code"] for row in rows] == [owing["company"].code]


def test_arrears_with_a_badly_written_month_say_how_to_write_it(api: APIClient, kendal: Region) -> None:
    response = api.get("/api/v1/arrears/?month=2025-13&by=agency")
    assert response.status_code == 400
    assert response.json() == {"month": ["Bulan tidak dikenal: 2025-13."]}


# Notifications ---------------------------------------------------------------


def test_notifications_are_the_callers_own_and_can_be_marked_read(
    admin: User, user_factory: Callable[..., User]
) -> None:
    other = user_factory("regency_admin")
    mine = notifications_send(users=[admin], title="Iuran menunggak", body="Tiga bulan")
    notifications_send(users=[admin], title="Kedua")
    notifications_send(users=[other], title="Bukan untuk Anda")
    client = api_for(admin)
    assert {row["title"] for row in results(client.get("/api/v1/notifications/?unread=true"))} == {
        "Iuran menunggak", "Kedua",
    }  # fmt: skip
    response = client.post("/api/v1/notifications/mark-read/", {"ids": [mine[0].pk]}, format="json")
    assert response.json() == {"marked": 1}
    assert [row["title"] for row in results(client.get("/api/v1/notifications/?unread=true"))] == ["Kedua"]
    assert client.post("/api/v1/notifications/mark-read/", {}, format="json").json() == {"marked": 1}
    assert Notification.objects.filter(user=other, read_at__isnull=True).count() == 1


# Schema ----------------------------------------------------------------------


def test_the_openapi_schema_validates_without_warnings(tmp_path: Path) -> None:
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    paths = ["/api/v1/sponsorships/{id}/prepay/", "/api/v1/dues/generate/", "/api/v1/payments/{id}/reverse/",
             "/api/v1/remittances/{id}/confirm/", "/api/v1/arrears/", "/api/v1/notifications/mark-read/"]  # fmt: skip
    assert [path for path in paths if f"{path}:" not in schema] == []
