"""The ledger under real concurrent transactions (PostgreSQL only).

Each test runs services in threads, each thread with its own connection and
its own committed transactions (tests/support/concurrency.py says how an
interleaving is made certain).
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import partial

import pytest
from django.db import IntegrityError, connection, transaction

from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.ledger.allocation import allocate_sponsors
from peduli.ledger.dues import dues_insert
from peduli.ledger.models import Allocation, Due, Payment
from peduli.ledger.rates import DEFAULT_PREMIUM
from peduli.ledger.services import (
    dues_generate,
    payment_reverse,
    remittance_create,
    sponsor_allocate,
    sponsorship_prepay,
)
from peduli.regions.models import Region
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.sponsorships.services import SponsorData, sponsor_create, sponsorship_end, sponsorship_start
from peduli.workers.models import Worker
from tests.support.concurrency import at_once, first_holds_while_second_runs, waits_for
from tests.support.records.ledger import pay

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite runs one writer at a time (BEGIN IMMEDIATE): there is no concurrent transaction to test.",
    ),
    pytest.mark.django_db(transaction=True),
]

NOW = YearMonth.current()
TODAY = date.today()


@pytest.fixture
def company(kendal: Region) -> Sponsor:
    return sponsor_create(actor=None, data=SponsorData(kind="csr", name="PT Contoh Makmur", code="csr-01"))


def assert_books_balance() -> None:
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT (SELECT COALESCE(SUM(amount), 0) FROM ledger_allocation),
                   (SELECT COALESCE(SUM(amount), 0) FROM ledger_payment),
                   (SELECT COALESCE(SUM(credit), 0) FROM sponsorships_sponsor)""")
        allocated, received, credit = cursor.fetchone()
        assert allocated + credit == received
        cursor.execute("""
            SELECT d.id FROM ledger_due d WHERE d.paid_amount > d.amount OR d.paid_amount <>
                (SELECT COALESCE(SUM(a.amount), 0) FROM ledger_allocation a WHERE a.due_id = d.id)""")
        assert cursor.fetchall() == []


def test_payments_recorded_at_once_for_one_sponsor_pay_each_due_exactly_once(
    company: Sponsor, worker_factory: Callable[..., Worker], pool: ThreadPoolExecutor
) -> None:
    for _ in range(3):
        sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW - 3)
    assert Due.objects.count() == 12
    futures = at_once(pool, *(lambda n=n: pay(company, 2 * DEFAULT_PREMIUM, f"TRF-{n}") for n in range(6)))
    assert [f.exception() for f in futures] == [None] * 6
    assert_books_balance()
    company.refresh_from_db()
    assert company.credit == 0
    # Every due got exactly one allocation of exactly its premium.
    assert sorted(Allocation.objects.values_list("amount", flat=True)) == [DEFAULT_PREMIUM] * 12
    assert set(Due.objects.values_list("paid_amount", flat=True)) == {DEFAULT_PREMIUM}


@pytest.fixture
def credit_beside_an_open_due(company: Sponsor, worker_factory: Callable[..., Worker]) -> Sponsor:
    """A sponsor whose credit could pay an open due that nobody allocated yet:
    the state between inserting a month's dues and allocating them."""
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW + 1)
    pay(company, DEFAULT_PREMIUM, "TRF-1")
    dues_insert(month=NOW + 1, sponsorship_ids=[sponsorship.pk])
    company.refresh_from_db()
    assert company.credit == DEFAULT_PREMIUM and Due.objects.get().paid_amount == 0
    return company


def test_with_the_sponsor_lock_a_second_allocation_waits_and_finds_nothing_left(
    credit_beside_an_open_due: Sponsor, pool: ThreadPoolExecutor
) -> None:
    def allocate() -> int:
        return sponsor_allocate(sponsor_ids=[credit_beside_an_open_due.pk])

    first, second = first_holds_while_second_runs(pool, allocate, allocate)
    assert (first.result(), second.result()) == (DEFAULT_PREMIUM, 0)
    assert_books_balance()


def test_without_the_sponsor_lock_a_second_allocation_would_pay_the_due_twice_and_the_database_refuses(
    credit_beside_an_open_due: Sponsor, pool: ThreadPoolExecutor
) -> None:
    """Why `sponsor_allocate` locks: the bare allocation statement, run twice
    at once, computes the same allocation in both transactions. The check
    constraint `due_not_over_allocated` is the second line of defence: the
    second transaction fails instead of paying the due twice."""

    def allocate() -> int:
        with transaction.atomic():
            return allocate_sponsors("SELECT %s", (credit_beside_an_open_due.pk,))

    first, second = first_holds_while_second_runs(pool, allocate, allocate)
    assert first.result() == DEFAULT_PREMIUM
    assert isinstance(second.exception(), IntegrityError)
    assert "due_not_over_allocated" in str(second.exception())
    assert_books_balance()


def test_two_sponsors_starting_the_same_worker_at_once_exactly_one_wins(
    company: Sponsor, worker_factory: Callable[..., Worker], pool: ThreadPoolExecutor
) -> None:
    other = sponsor_create(actor=None, data=SponsorData(kind="bumd", name="PT BPR Kendal", code="bumd-01"))
    worker = worker_factory()
    futures = at_once(
        pool,
        lambda: sponsorship_start(actor=None, sponsor=company, worker=worker, start=NOW - 1),
        lambda: sponsorship_start(actor=None, sponsor=other, worker=worker, start=NOW),
    )
    errors = [f.exception() for f in futures]
    assert sum(error is None for error in errors) == 1
    (refused,) = [error for error in errors if error is not None]
    assert isinstance(refused, ApplicationError) and refused.code == "already_sponsored"
    assert "sudah dibiayai" in refused.message
    assert Sponsorship.objects.filter(worker=worker).count() == 1
    assert Due.objects.filter(worker=worker).values("sponsorship").distinct().count() == 1


def test_sponsorships_started_at_once_for_one_sponsor_do_not_deadlock(
    company: Sponsor, worker_factory: Callable[..., Worker], pool: ThreadPoolExecutor
) -> None:
    """Clerks adding workers to one sponsor at once queue on the sponsor's
    lock: none deadlocks, and the credit pays every new due exactly once."""
    pay(company, 100 * DEFAULT_PREMIUM, "TRF-1")
    for _round in range(3):
        workers = [worker_factory() for _ in range(6)]
        starts = [lambda w=w: sponsorship_start(actor=None, sponsor=company, worker=w, start=NOW - 2) for w in workers]
        assert [f.exception() for f in at_once(pool, *starts)] == [None] * len(workers)
    assert Due.objects.filter(paid_amount=DEFAULT_PREMIUM).count() == 3 * 6 * 3
    assert_books_balance()


def test_the_monthly_dues_run_and_a_new_sponsorship_of_the_same_sponsor_do_not_deadlock(
    company: Sponsor, worker_factory: Callable[..., Worker], pool: ThreadPoolExecutor
) -> None:
    """The dues run creates dues for many sponsors and then locks those that
    owe; sponsorships started meanwhile lock their sponsor too."""
    pay(company, 100 * DEFAULT_PREMIUM, "TRF-1")
    for _ in range(4):
        sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    newcomers = [worker_factory() for _ in range(4)]
    futures = at_once(
        pool,
        lambda: dues_generate(actor=None, month=NOW + 1),
        *(lambda w=w: sponsorship_start(actor=None, sponsor=company, worker=w, start=NOW - 1) for w in newcomers),
    )
    assert [f.exception() for f in futures] == [None] * 5
    assert_books_balance()


def test_the_monthly_dues_run_waits_for_a_payment_being_recorded_and_lets_it_pay_the_new_dues(
    company: Sponsor, worker_factory: Callable[..., Worker], pool: ThreadPoolExecutor
) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    pay(company, DEFAULT_PREMIUM, "TRF-1")  # this month is paid; the sponsor holds no credit
    payment, run = first_holds_while_second_runs(
        pool, lambda: pay(company, DEFAULT_PREMIUM, "TRF-2"), lambda: dues_generate(actor=None, month=NOW + 1)
    )
    assert (payment.exception(), run.result()) == (None, 1)
    # The payment could not see next month's due; the dues run saw the payment.
    assert Due.objects.get(sponsorship=sponsorship, month=(NOW + 1).first_day).paid_amount == DEFAULT_PREMIUM
    company.refresh_from_db()
    assert company.credit == 0
    assert_books_balance()


@pytest.fixture
def remittable(company: Sponsor, worker_factory: Callable[..., Worker]) -> tuple[Sponsorship, Payment]:
    """A sponsorship whose months up to now are paid by one payment, this
    month's due ready to be remitted."""
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW - 1)
    return sponsorship, pay(company, 2 * DEFAULT_PREMIUM, "TRF-1")


def test_a_reversal_waiting_on_a_remittance_of_its_dues_is_refused_once_the_remittance_commits(
    remittable: tuple[Sponsorship, Payment], pool: ThreadPoolExecutor
) -> None:
    _sponsorship, payment = remittable
    remitted, reversal = first_holds_while_second_runs(
        pool,
        lambda: remittance_create(actor=None, month=NOW),
        lambda: payment_reverse(actor=None, payment=payment, reason="Salah donatur"),
    )
    assert remitted.exception() is None
    refused = reversal.exception()
    assert isinstance(refused, ApplicationError) and refused.code == "remitted"
    assert Due.objects.get(month=NOW.first_day).paid_amount == DEFAULT_PREMIUM
    assert_books_balance()


def test_an_ending_waiting_on_a_remittance_of_a_later_month_is_refused_once_the_remittance_commits(
    remittable: tuple[Sponsorship, Payment], pool: ThreadPoolExecutor
) -> None:
    sponsorship, _payment = remittable
    remitted, ending = first_holds_while_second_runs(
        pool,
        lambda: remittance_create(actor=None, month=NOW),
        lambda: sponsorship_end(actor=None, sponsorship=sponsorship, last_month=NOW - 1, reason="pekerja_formal"),
    )
    assert remitted.exception() is None
    refused = ending.exception()
    assert isinstance(refused, ApplicationError) and refused.field == "last_month"
    due = Due.objects.get(month=NOW.first_day)
    assert (due.cancelled, due.paid_amount) == (False, DEFAULT_PREMIUM)
    assert_books_balance()


def test_one_reference_recorded_at_once_for_two_sponsors_is_refused_not_a_crash(
    company: Sponsor, pool: ThreadPoolExecutor
) -> None:
    other = sponsor_create(actor=None, data=SponsorData(kind="bumd", name="PT BPR Kendal", code="bumd-01"))
    first, second = first_holds_while_second_runs(
        pool, lambda: pay(company, DEFAULT_PREMIUM, "TRF-7"), lambda: pay(other, DEFAULT_PREMIUM, "TRF-7")
    )
    assert first.exception() is None
    refused = second.exception()
    assert isinstance(refused, ApplicationError) and refused.code == "duplicate_reference"
    assert Payment.objects.filter(reference="TRF-7").count() == 1


def test_prepaying_and_ending_one_sponsorship_at_once_do_not_deadlock(
    company: Sponsor, worker_factory: Callable[..., Worker], pool: ThreadPoolExecutor
) -> None:
    """Ending locks the sponsorship, then its sponsor. A prepayment holds the
    sponsor's lock and creates dues of the sponsorship, whose (deferred)
    foreign key takes a key-share lock on the sponsorship at commit: unless
    the prepayment locks the sponsorship first, the two wait for each other."""
    for round_ in range(5):
        sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
        prepay = partial(
            sponsorship_prepay, actor=None, sponsorship=sponsorship, months=12, received_on=TODAY, method="transfer",
            reference=f"PRE-{round_}",
        )  # fmt: skip
        end = partial(sponsorship_end, actor=None, sponsorship=sponsorship, last_month=NOW, reason="pekerja_formal")
        futures = at_once(pool, prepay, end)
        errors = [f.exception() for f in futures]
        # Whichever went first, the other finished or was refused; nobody deadlocked.
        assert all(error is None or isinstance(error, ApplicationError) for error in errors), errors
    assert not Due.objects.filter(cancelled=False, month__gt=NOW.first_day).exists()
    assert_books_balance()


def test_a_regencys_dues_run_does_not_wait_for_a_payment_in_another_regency(
    company: Sponsor, worker_factory: Callable[..., Worker], pool: ThreadPoolExecutor
) -> None:
    """The ledger lock is per sponsors' regency: a payment of a Batang sponsor
    in flight holds up Batang's dues run, not Kendal's."""
    month = YearMonth(2026, 6)
    Region.objects.create(code="33.25", name="Kabupaten Batang", level=Region.Level.REGENCY, parent_id="33")
    batang = sponsor_create(actor=None, data=SponsorData(kind="csr", name="PT Batang Jaya", code="csr-02"))
    Sponsor.objects.filter(pk=batang.pk).update(regency_id="33.25")
    batang.refresh_from_db()
    for sponsor in (company, batang):
        sponsorship_start(actor=None, sponsor=sponsor, worker=worker_factory(), start=month)

    references = iter(("TRF-B1", "TRF-B2"))

    def batang_pays() -> None:
        pay(batang, DEFAULT_PREMIUM, next(references))

    def dues_run(regency_id: str, month: YearMonth) -> Callable[[], int]:
        return lambda: dues_generate(actor=None, month=month, regency_id=regency_id)

    assert waits_for(pool, batang_pays, dues_run("33.24", YearMonth(2030, 1))) == (False, 1)
    # The same payment does hold up its own regency's run.
    assert waits_for(pool, batang_pays, dues_run("33.25", YearMonth(2030, 1))) == (True, 1)
    assert_books_balance()
