"""The claim pages: recording and editing a claim, the list, the impact page
leaders read, and the JKM hint on a worker's page."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from peduli.accounts.models import User
from peduli.bpjs.claim_services import ClaimData, claim_record
from peduli.bpjs.models import Claim, Member
from peduli.core.months import YearMonth
from peduli.sponsorships.models import Sponsor
from peduli.workers.models import Worker
from tests.support.clients import client_for
from tests.support.records.bpjs_members import nik_for


@pytest.mark.django_db
def test_a_claim_is_recorded_then_paid_through_the_form(
    user_factory: Callable[..., User], worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory(name="Sutrisno")
    client = client_for(user_factory("bpjs_officer"))
    form = {"reference": "jkk-77", "nik": worker.nik, "kind": "jkk", "incident_date": "2025-05-02",
            "status": "in_process", "amount_paid": "0", "heirs_benefit": "0", "scholarship_children": "0"}  # fmt: skip

    created = client.post(reverse("bpjs:claim_create"), form)
    claim = Claim.objects.get()
    assert created["Location"] == reverse("bpjs:claim_detail", args=[claim.pk])
    assert (claim.reference, claim.worker) == ("JKK-77", worker)

    refused = client.post(reverse("bpjs:claim_edit", args=[claim.pk]), form | {"status": "paid"})
    assert "harus diisi tanggal dibayarnya" in refused.content.decode()
    paid = {"status": "paid", "amount_paid": "3500000", "paid_on": "2025-06-01", "reference": "X"}
    client.post(reverse("bpjs:claim_edit", args=[claim.pk]), form | paid)
    claim.refresh_from_db()
    assert (claim.reference, claim.status, claim.amount_paid) == ("JKK-77", "paid", 3_500_000)
    detail = client.get(reverse("bpjs:claim_detail", args=[claim.pk])).content.decode()
    assert "Rp 3.500.000" in detail and "Sutrisno" in detail


@pytest.mark.django_db
def test_the_list_filters_and_leaders_read_only_the_impact(admin: User, user_factory: Callable[..., User]) -> None:
    paid: dict[str, Any] = {"status": "paid", "amount_paid": 42_000_000, "paid_on": date(2025, 6, 2)}
    claim_record(actor=None, data=ClaimData(reference="A", nik=nik_for(1), kind="jkm",
                                            incident_date=date(2025, 5, 1), **paid))  # fmt: skip
    claim_record(actor=None, data=ClaimData(reference="B", nik=nik_for(2), kind="jkk",
                                            incident_date=date(2025, 5, 1)))  # fmt: skip
    client = client_for(admin)
    listed = client.get(reverse("bpjs:claim_list"), {"kind": "jkm"})
    assert [claim.reference for claim in listed.context["page"]] == ["A"]

    leader = client_for(user_factory("leader"))
    assert leader.get(reverse("bpjs:claim_list")).status_code == 403
    impact = leader.get(reverse("bpjs:claim_impact"), {"first": "2025-06", "last": "2025-06"})
    assert impact.context["impact"].families_helped == 1
    assert "Rp 42.000.000" in impact.content.decode()
    assert nik_for(1) not in impact.content.decode()


@pytest.mark.django_db
def test_the_worker_page_says_only_the_funeral_benefit_in_the_first_months(
    admin: User, worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory()
    Member.objects.create(
        regency_id="33.24", nik=worker.nik, worker=worker, membership_start=timezone.localdate() - timedelta(days=40),
        first_month=YearMonth.current().first_day, last_month=YearMonth.current().first_day,
    )  # fmt: skip

    page = client_for(admin).get(reverse("workers:worker_detail", args=[worker.pk])).content.decode()

    assert "baru Rp 10 juta santunan pemakaman yang dapat diklaim" in page
    assert "JKM penuh Rp 42 juta setelah 3 bulan" in page


@pytest.mark.django_db
def test_the_worker_page_says_the_full_benefit_after_three_months(
    admin: User, worker_factory: Callable[..., Worker], company: Sponsor
) -> None:
    from peduli.sponsorships.services import sponsorship_start
    from tests.support.records.ledger import pay

    worker = worker_factory()
    # Known from the first month a Peduli sponsor paid, when BPJS never listed them.
    sponsorship_start(actor=None, sponsor=company, worker=worker, start=YearMonth.current() - 5)
    pay(company, 16_800 * 6, "CSR-JKM")

    page = client_for(admin).get(reverse("workers:worker_detail", args=[worker.pk])).content.decode()

    assert "ahli waris dapat mengklaim JKM penuh Rp 42.000.000" in page
    assert "santunan pemakaman" not in page


@pytest.mark.django_db
def test_a_worker_with_no_known_membership_gets_no_hint(admin: User, worker_factory: Callable[..., Worker]) -> None:
    worker = worker_factory()

    page = client_for(admin).get(reverse("workers:worker_detail", args=[worker.pk])).content.decode()

    assert 'id="jkm-hint"' not in page
