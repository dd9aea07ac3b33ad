"""The ledger's invariants under random sequences of real service calls.

A hypothesis state machine drives sponsors, sponsorships, dues, payments,
reversals, prepayments, endings and remittances through the services on the
real database; after every step the invariants are checked with SQL aggregates
written here, independent of the code under test. A service may refuse a step
(ApplicationError): the books must balance all the same.

Each example runs inside its own savepoint of the test's transaction and is
rolled back at teardown, which works alike on SQLite and PostgreSQL.
"""

from collections.abc import Callable
from contextlib import suppress
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from peduli.accounts.models import User
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.ledger.coverage import worker_ids_protected
from peduli.ledger.models import Due, Payment, Remittance
from peduli.ledger.rates import DEFAULT_PREMIUM
from peduli.ledger.services import (
    PREPAYMENT_MONTHS,
    dues_generate,
    payment_record,
    payment_reverse,
    remittance_cancel,
    remittance_create,
    sponsorship_prepay,
)
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.sponsorships.services import SponsorData, sponsor_create, sponsorship_end, sponsorship_start
from peduli.workers.models import Worker

NOW = YearMonth.current()
TODAY = date.today()
WORKERS = 4
# Months the machine works in: a year back, a little ahead.
MONTH_OFFSETS = st.integers(min_value=-12, max_value=2)
AMOUNTS = st.one_of(
    st.integers(min_value=1, max_value=200_000),
    st.integers(min_value=1, max_value=12).map(lambda n: n * DEFAULT_PREMIUM),
)
PICK = st.integers(min_value=0, max_value=10_000)


def rows(sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return list(cursor.fetchall())


def as_date(value: Any) -> date:
    """SQLite hands dates of raw queries back as text."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def scalar(sql: str, params: list[Any] | None = None) -> int:
    return int(rows(sql, params)[0][0] or 0)


class LedgerMachine(RuleBasedStateMachine):
    worker_ids: list[int] = []

    def __init__(self) -> None:
        super().__init__()
        self._example = transaction.atomic()
        self._example.__enter__()
        self.counter = 0
        self.sponsor_ids: list[int] = []
        self.sponsorship_ids: list[int] = []
        self.payment_ids: list[int] = []

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._example.__exit__(None, None, None)

    def _next(self) -> int:
        self.counter += 1
        return self.counter

    @staticmethod
    def _pick(ids: list[int], pick: int) -> int:
        return ids[pick % len(ids)]

    # Steps ---------------------------------------------------------------

    @rule()
    def create_sponsor(self) -> None:
        n = self._next()
        sponsor = sponsor_create(actor=None, data=SponsorData(kind="csr", name=f"PT Donatur {n}", code=f"CSR-{n}"))
        self.sponsor_ids.append(sponsor.pk)

    @precondition(lambda self: self.sponsor_ids)
    @rule(sponsor=PICK, worker=st.integers(min_value=0, max_value=WORKERS - 1), start=MONTH_OFFSETS)
    def start_sponsorship(self, sponsor: int, worker: int, start: int) -> None:
        try:
            sponsorship = sponsorship_start(
                actor=None, sponsor=self._sponsor(sponsor), worker=Worker.objects.get(pk=self.worker_ids[worker]),
                start=NOW + min(start, 0),
            )  # fmt: skip
        except ApplicationError:
            return
        self.sponsorship_ids.append(sponsorship.pk)

    @precondition(lambda self: self.sponsorship_ids)
    @rule(sponsorship=PICK, last=MONTH_OFFSETS)
    def end_sponsorship(self, sponsorship: int, last: int) -> None:
        with suppress(ApplicationError):
            sponsorship_end(
                actor=None, sponsorship=Sponsorship.objects.get(pk=self._pick(self.sponsorship_ids, sponsorship)),
                last_month=NOW + last, reason=Sponsorship.EndReason.SPONSOR_STOPPED,
            )  # fmt: skip

    @rule(month=MONTH_OFFSETS)
    def generate_dues(self, month: int) -> None:
        dues_generate(actor=None, month=NOW + month)

    @precondition(lambda self: self.sponsor_ids)
    @rule(sponsor=PICK, amount=AMOUNTS, days_ago=st.integers(min_value=0, max_value=60))
    def record_payment(self, sponsor: int, amount: int, days_ago: int) -> None:
        payment = payment_record(
            actor=None, sponsor=self._sponsor(sponsor), amount=amount, received_on=TODAY - timedelta(days=days_ago),
            method="transfer", reference=f"TRF-{self._next()}",
        )  # fmt: skip
        self.payment_ids.append(payment.pk)

    @precondition(lambda self: self.payment_ids)
    @rule(payment=PICK)
    def reverse_payment(self, payment: int) -> None:
        with suppress(ApplicationError):
            payment_reverse(
                actor=None, payment=Payment.objects.get(pk=self._pick(self.payment_ids, payment)), reason="Salah catat"
            )

    @precondition(lambda self: self.sponsorship_ids)
    @rule(sponsorship=PICK, months=st.sampled_from(PREPAYMENT_MONTHS))
    def prepay(self, sponsorship: int, months: int) -> None:
        chosen = Sponsorship.objects.get(pk=self._pick(self.sponsorship_ids, sponsorship))
        first = self._first_month_to_prepay(chosen)
        try:
            payment = sponsorship_prepay(
                actor=None, sponsorship=chosen, months=months, received_on=TODAY, method="transfer",
                reference=f"PRE-{self._next()}",
            )  # fmt: skip
        except ApplicationError:
            return
        if payment is not None:
            self.payment_ids.append(payment.pk)
        last = first + (months - 1)
        prepaid = rows(
            "SELECT COUNT(*) FROM ledger_due WHERE sponsorship_id = %s AND cancelled = FALSE "
            "AND month BETWEEN %s AND %s",
            [chosen.pk, first.first_day, last.first_day],
        )
        assert prepaid == [(months,)], f"prepaying {months} months from {first} made {prepaid} dues"
        # Everything the sponsor owes up to the last prepaid month is settled.
        still_open = rows(
            "SELECT COUNT(*) FROM ledger_due WHERE sponsor_id = %s AND cancelled = FALSE AND paid_amount < amount "
            "AND month <= %s",
            [chosen.sponsor_id, last.first_day],
        )
        assert still_open == [(0,)], f"prepaid {months} months to {last} but dues up to then are open"

    @staticmethod
    def _first_month_to_prepay(sponsorship: Sponsorship) -> YearMonth:
        """The contract of `sponsorship_prepay`: from the first unpaid month,
        else the month after the last due, else the start (not before now)."""
        (first_unpaid, latest) = rows(
            "SELECT MIN(CASE WHEN paid_amount < amount THEN month END), MAX(month) FROM ledger_due "
            "WHERE sponsorship_id = %s AND cancelled = FALSE",
            [sponsorship.pk],
        )[0]
        if first_unpaid is not None:
            return YearMonth.of(as_date(first_unpaid))
        if latest is not None:
            return YearMonth.of(as_date(latest)) + 1
        return max(NOW, sponsorship.start)

    @rule(month=MONTH_OFFSETS)
    def create_remittance(self, month: int) -> None:
        with suppress(ApplicationError):
            remittance_create(actor=None, month=NOW + month)

    @rule(pick=PICK)
    def cancel_remittance(self, pick: int) -> None:
        drafts = list(Remittance.objects.filter(status=Remittance.Status.DRAFT).order_by("pk"))
        if drafts:
            remittance_cancel(actor=None, remittance=drafts[pick % len(drafts)])

    def _sponsor(self, pick: int) -> Sponsor:
        return Sponsor.objects.get(pk=self._pick(self.sponsor_ids, pick))

    # Invariants ------------------------------------------------------------

    @invariant()
    def money_in_equals_money_allocated_plus_credit(self) -> None:
        allocations = scalar("SELECT SUM(amount) FROM ledger_allocation")
        payments = scalar("SELECT SUM(amount) FROM ledger_payment")
        credit = scalar("SELECT SUM(credit) FROM sponsorships_sponsor")
        assert allocations == payments - credit

    @invariant()
    def each_sponsors_credit_is_its_payments_minus_its_allocations(self) -> None:
        wrong = rows("""
            SELECT s.id, s.credit,
                   (SELECT COALESCE(SUM(p.amount), 0) FROM ledger_payment p WHERE p.sponsor_id = s.id),
                   (SELECT COALESCE(SUM(a.amount), 0) FROM ledger_allocation a
                        JOIN ledger_payment p ON p.id = a.payment_id WHERE p.sponsor_id = s.id)
            FROM sponsorships_sponsor s""")
        for sponsor_id, credit, paid, allocated in wrong:
            assert credit >= 0, f"sponsor {sponsor_id} has negative credit {credit}"
            assert credit == paid - allocated, f"sponsor {sponsor_id}: credit {credit} ≠ {paid} − {allocated}"

    @invariant()
    def money_stays_with_its_sponsor(self) -> None:
        assert not rows("""
            SELECT a.id FROM ledger_allocation a JOIN ledger_payment p ON p.id = a.payment_id
            JOIN ledger_due d ON d.id = a.due_id WHERE p.sponsor_id <> d.sponsor_id""")

    @invariant()
    def each_due_holds_the_sum_of_its_allocations_and_never_more_than_it_costs(self) -> None:
        wrong = rows("""
            SELECT d.id, d.amount, d.paid_amount, d.cancelled,
                   (SELECT COALESCE(SUM(a.amount), 0) FROM ledger_allocation a WHERE a.due_id = d.id)
            FROM ledger_due d""")
        for due_id, amount, paid, cancelled, allocated in wrong:
            assert 0 <= paid <= amount, f"due {due_id}: paid {paid} of {amount}"
            assert paid == allocated, f"due {due_id}: paid {paid} but allocations sum to {allocated}"
            assert not (cancelled and paid), f"cancelled due {due_id} holds {paid}"

    @invariant()
    def no_payment_is_allocated_beyond_its_amount(self) -> None:
        payments = rows("""
            SELECT p.id, p.amount, p.reverses_id,
                   (SELECT COUNT(*) FROM ledger_payment r WHERE r.reverses_id = p.id),
                   (SELECT COALESCE(SUM(a.amount), 0) FROM ledger_allocation a WHERE a.payment_id = p.id)
            FROM ledger_payment p""")
        by_id = {row[0]: row for row in payments}
        for payment_id, amount, reverses_id, reversed_count, allocated in payments:
            if reverses_id is not None:
                original = by_id[reverses_id]
                # A reversal cancels the payment and everything it still held.
                assert amount == -original[1]
                assert allocated == -original[4], f"reversal {payment_id} leaves money on the dues"
            else:
                assert reversed_count <= 1
                assert 0 <= allocated <= amount, f"payment {payment_id} of {amount} allocated {allocated}"

    @invariant()
    def one_sponsorship_and_one_due_per_worker_month(self) -> None:
        assert not rows("""
            SELECT worker_id, month FROM ledger_due WHERE cancelled = FALSE
            GROUP BY worker_id, month HAVING COUNT(*) > 1""")
        assert not rows("""
            SELECT a.id, b.id FROM sponsorships_sponsorship a JOIN sponsorships_sponsorship b
                ON a.worker_id = b.worker_id AND a.id < b.id
            WHERE a.start_month <= COALESCE(b.end_month, '9999-12-01')
              AND b.start_month <= COALESCE(a.end_month, '9999-12-01')""")
        # A due lies within its sponsorship; only dues after its end are cancelled.
        assert not rows("""
            SELECT d.id FROM ledger_due d JOIN sponsorships_sponsorship s ON s.id = d.sponsorship_id
            WHERE d.worker_id <> s.worker_id OR d.sponsor_id <> s.sponsor_id OR d.month < s.start_month
               OR (d.cancelled = FALSE AND s.end_month IS NOT NULL AND d.month > s.end_month)
               OR (d.cancelled = TRUE AND (s.end_month IS NULL OR d.month <= s.end_month))""")

    @invariant()
    def free_money_never_sits_beside_an_open_due(self) -> None:
        assert not rows("""
            SELECT s.id FROM sponsorships_sponsor s WHERE s.credit > 0 AND EXISTS (
                SELECT 1 FROM ledger_due d WHERE d.sponsor_id = s.id AND d.cancelled = FALSE
                AND d.paid_amount < d.amount)""")

    @invariant()
    def remitted_dues_are_paid_in_full_and_add_up(self) -> None:
        assert not rows("""
            SELECT d.id FROM ledger_due d
            WHERE d.remittance_id IS NOT NULL AND (d.cancelled = TRUE OR d.paid_amount <> d.amount)""")
        assert not rows("""
            SELECT r.id FROM ledger_remittance r
            WHERE r.total_amount <> (SELECT COALESCE(SUM(d.amount), 0) FROM ledger_due d WHERE d.remittance_id = r.id)
               OR r.due_count <> (SELECT COUNT(*) FROM ledger_due d WHERE d.remittance_id = r.id)""")

    @invariant()
    def a_worker_is_protected_exactly_when_the_one_definition_says_so(self) -> None:
        protected = set(Worker.objects.filter(status=Worker.Status.PROTECTED).values_list("pk", flat=True))
        assert protected == worker_ids_protected()


@pytest.mark.django_db
def test_ledger_invariants_hold_under_random_sequences_of_services(worker_factory: Callable[..., Worker]) -> None:
    LedgerMachine.worker_ids = [worker_factory().pk for _ in range(WORKERS)]
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=50, stateful_step_count=25, deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )


@pytest.mark.django_db
def test_only_the_labour_office_may_prepay_even_when_credit_covers_it(
    worker_factory: Callable[..., Worker], user_factory: Callable[..., User]
) -> None:
    """The prepayment used to check the role only when it recorded a payment:
    with enough credit anyone could make a sponsorship's future dues."""
    sponsor = sponsor_create(actor=None, data=SponsorData(kind="csr", name="PT Donatur", code="CSR-1"))
    sponsorship = sponsorship_start(actor=None, sponsor=sponsor, worker=worker_factory(), start=NOW)
    payment_record(
        actor=None, sponsor=sponsor, amount=12 * DEFAULT_PREMIUM, received_on=TODAY, method="transfer", reference="T-1"
    )
    with pytest.raises(ApplicationError) as refused:
        sponsorship_prepay(
            actor=user_factory("bpjs_officer"), sponsorship=sponsorship, months=3, received_on=TODAY,
            method="transfer", reference="PRE-1",
        )  # fmt: skip
    assert refused.value.code == "forbidden"
    assert Due.objects.filter(sponsorship=sponsorship).count() == 1
