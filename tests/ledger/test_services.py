"""The ledger's rules through its services, on the real database."""

from collections.abc import Callable
from datetime import date

import pytest
from django.db import IntegrityError, transaction

from peduli.accounts.models import User
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.ledger.coverage import coverage_sync
from peduli.ledger.models import Allocation, Due, Payment, Remittance
from peduli.ledger.services import (
    dues_generate,
    payment_reverse,
    remittance_confirm,
    remittance_create,
    sponsorship_prepay,
)
from peduli.notifications.models import Notification
from peduli.regions.models import Region
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.sponsorships.services import SponsorData, sponsor_create, sponsorship_end, sponsorship_start
from peduli.workers.models import Worker
from tests.support.clock import first_day_overdue, last_day_to_pay
from tests.support.records.ledger import pay

NOW = YearMonth.current()
TODAY = date.today()


def dues_of(sponsorship: Sponsorship) -> list[tuple[str, int, int]]:
    return [(str(YearMonth.of(d.month)), d.amount, d.paid_amount) for d in Due.objects.filter(sponsorship=sponsorship)]


def test_a_sponsorship_started_in_the_past_gets_its_back_months_at_16800(
    company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory()
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker, start=NOW - 2)
    assert dues_of(sponsorship) == [(str(NOW - 2), 16_800, 0), (str(NOW - 1), 16_800, 0), (str(NOW), 16_800, 0)]
    # Running the month again creates nothing new.
    assert dues_generate(actor=None, month=NOW) == 0


def test_jht_and_a_higher_income_band_raise_the_premium(
    company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsorship = sponsorship_start(
        actor=None, sponsor=company, worker=worker_factory(), start=NOW, programme="jkk_jkm_jht",
        declared_income=2_000_000,
    )  # fmt: skip
    assert dues_of(sponsorship) == [(str(NOW), 20_000 + 6_800 + 40_000, 0)]


def test_payments_pay_oldest_dues_first_partially_and_keep_the_rest_as_credit(
    company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory()
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker, start=NOW - 2)
    pay(company, 20_000, "TRF-1")
    assert [paid for _m, _a, paid in dues_of(sponsorship)] == [16_800, 3_200, 0]
    pay(company, 40_000, "TRF-2")
    assert [paid for _m, _a, paid in dues_of(sponsorship)] == [16_800, 16_800, 16_800]
    company.refresh_from_db()
    assert company.credit == 60_000 - 3 * 16_800
    worker.refresh_from_db()
    assert worker.status == Worker.Status.PROTECTED
    # The credit pays next month's due as soon as it is created.
    dues_generate(actor=None, month=NOW + 1)
    assert dues_of(sponsorship)[-1] == (str(NOW + 1), 16_800, 9_600)


def test_a_reference_is_paid_once_per_source(company: Sponsor, worker_factory: Callable[..., Worker]) -> None:
    pay(company, 16_800, "TRF-9")
    with pytest.raises(ApplicationError) as refused:
        pay(company, 16_800, "TRF-9")
    assert refused.value.code == "duplicate_reference"
    pay(company, 16_800, "TRF-9", source="Bank Jateng")  # another source may use the same number


def test_reversal_reopens_the_dues_and_other_credit_pays_them(
    company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW - 1)
    wrong = pay(company, 33_600, "TRF-A")
    pay(company, 16_800, "TRF-B")  # all credit now
    reversal = payment_reverse(actor=None, payment=wrong, reason="Salah donatur")
    assert reversal.amount == -33_600 and reversal.reverses == wrong
    assert [paid for _m, _a, paid in dues_of(sponsorship)] == [16_800, 0]
    company.refresh_from_db()
    assert company.credit == 0
    assert sum(a.amount for a in Allocation.objects.all()) == 16_800
    with pytest.raises(ApplicationError):
        payment_reverse(actor=None, payment=wrong, reason="lagi")


def test_prepaying_six_months_creates_and_settles_them(company: Sponsor, worker_factory: Callable[..., Worker]) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    payment = sponsorship_prepay(
        actor=None, sponsorship=sponsorship, months=6, received_on=TODAY, method="transfer", reference="PRE-1"
    )
    assert payment is not None and payment.amount == 6 * 16_800
    assert dues_of(sponsorship) == [(str(NOW + i), 16_800, 16_800) for i in range(6)]


def test_ending_cancels_later_dues_and_returns_their_money_to_credit(
    company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    sponsorship_prepay(
        actor=None, sponsorship=sponsorship, months=3, received_on=TODAY, method="transfer", reference="PRE-2"
    )
    sponsorship_end(actor=None, sponsorship=sponsorship, last_month=NOW, reason="pekerja_formal")
    assert Due.objects.filter(sponsorship=sponsorship, cancelled=True).count() == 2
    company.refresh_from_db()
    assert company.credit == 2 * 16_800
    # The freed credit pays the sponsor's next sponsorship at once.
    other = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    assert dues_of(other) == [(str(NOW), 16_800, 16_800)]


def test_a_worker_has_one_sponsorship_per_month_even_past_the_service(
    company: Sponsor, worker_factory: Callable[..., Worker], kendal: Region
) -> None:
    worker = worker_factory()
    sponsorship_start(actor=None, sponsor=company, worker=worker, start=NOW - 1)
    other = sponsor_create(actor=None, data=SponsorData(kind="bumd", name="PT BPR Kendal", code="bumd-01"))
    with pytest.raises(ApplicationError) as refused:
        sponsorship_start(actor=None, sponsor=other, worker=worker, start=NOW)
    assert refused.value.code == "already_sponsored"
    with pytest.raises(IntegrityError), transaction.atomic():
        Sponsorship.objects.create(sponsor=other, worker=worker, regency_id="33.24", start_month=(NOW + 3).first_day)


def test_only_verified_workers_may_be_sponsored(company: Sponsor, worker_factory: Callable[..., Worker]) -> None:
    with pytest.raises(ApplicationError) as refused:
        sponsorship_start(actor=None, sponsor=company, worker=worker_factory(verified=False), start=NOW)
    assert refused.value.code == "not_verified"


def test_remittance_takes_the_paid_dues_of_the_month(company: Sponsor, worker_factory: Callable[..., Worker]) -> None:
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    pay(company, 16_800, "TRF-R")
    remittance = remittance_create(actor=None, month=NOW)
    assert (remittance.due_count, remittance.total_amount) == (1, 16_800)
    remittance = remittance_confirm(actor=None, remittance=remittance, bpjs_reference="BPJS-001")
    assert remittance.status == Remittance.Status.CONFIRMED
    with pytest.raises(ApplicationError):
        payment_reverse(actor=None, payment=Payment.objects.get(reference="TRF-R"), reason="x")


@pytest.mark.calendar
def test_three_overdue_unpaid_months_lapse_the_worker_and_tell_the_sponsor(
    company: Sponsor,
    worker_factory: Callable[..., Worker],
    user_factory: Callable[..., User],
    today: Callable[..., date],
) -> None:
    today(last_day_to_pay(NOW))
    partner = user_factory("csr_partner")
    Sponsor.objects.filter(pk=company.pk).update(partner=partner)
    worker = worker_factory()
    sponsorship_start(actor=None, sponsor=company, worker=worker, start=NOW - 4)
    pay(company, 16_800 * 2, "TRF-L")  # the first two months only
    worker.refresh_from_db()
    assert worker.status == Worker.Status.ARREARS  # the two months after them are overdue
    assert coverage_sync().lapsed == []  # this month's premium is not late yet: two overdue months
    assert not Notification.objects.filter(user=partner).exists()
    today(first_day_overdue(NOW))
    assert coverage_sync().lapsed == [worker.pk]
    worker.refresh_from_db()
    assert worker.status == Worker.Status.LAPSED
    assert Notification.objects.filter(user=partner, title__contains=worker.name).exists()
    assert coverage_sync().lapsed == []  # told once
