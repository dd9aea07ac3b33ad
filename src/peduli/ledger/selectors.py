"""Reads of the ledger, scoped like the sponsors they belong to
(`sponsorships.selectors`). Arrears are the unpaid dues of months up to a
given month whose premium is overdue today (`ledger.calendar`): a due of a
later month, or of this month before its due date, is not yet in arrears."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, QuerySet, Sum
from django.shortcuts import get_object_or_404

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, as_user, may
from peduli.core.months import YearMonth
from peduli.ledger.calendar import overdue_through
from peduli.ledger.models import Due, Payment, Remittance
from peduli.regions.scoping import in_user_region
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.selectors import sponsor_queryset_for, sponsorship_queryset_for

OUTSTANDING = F("amount") - F("paid_amount")


def due_queryset_for(user: User | AnonymousUser) -> QuerySet[Due]:
    dues = Due.objects.select_related("sponsor", "worker", "sponsorship")
    u = as_user(user)
    if u is None:
        return dues.none()
    if may(u, Capability.READ_EVERY_PLACE):
        return in_user_region(dues, u)
    return dues.filter(sponsorship__in=sponsorship_queryset_for(u))


def payment_queryset_for(user: User | AnonymousUser) -> QuerySet[Payment]:
    """Payments the user may read: every one for the labour office and
    leaders; their sponsors' for agency operators, CSR partners and a civil
    servant (their own); none for a role without READ_PAYMENTS, whatever
    sponsors it may see. Pages, the API, statements and receipts ask this."""
    payments = Payment.objects.select_related("sponsor", "reverses")
    u = as_user(user)
    if u is None or not may(u, Capability.READ_PAYMENTS):
        return payments.none()
    if may(u, Capability.READ_INSTANCE):
        return in_user_region(payments, u)
    return payments.filter(sponsor__in=sponsor_queryset_for(u))


def payment_get_for(user: User | AnonymousUser, pk: object) -> Payment:
    return get_object_or_404(payment_queryset_for(user), pk=pk)


def remittance_queryset_for(user: User | AnonymousUser) -> QuerySet[Remittance]:
    u = as_user(user)
    if u is None or not may(u, Capability.READ_EVERY_PLACE):
        return Remittance.objects.none()
    return in_user_region(Remittance.objects.all(), u)


def remittance_get_for(user: User | AnonymousUser, pk: object) -> Remittance:
    return get_object_or_404(remittance_queryset_for(user), pk=pk)


def owed_dues(dues: QuerySet[Due], month: YearMonth) -> QuerySet[Due]:
    """Dues in arrears today up to `month`: overdue and not fully paid."""
    last = overdue_through(month)
    return dues.filter(cancelled=False, month__lte=last.first_day, paid_amount__lt=F("amount"))


def arrears_by_sponsor(user: User | AnonymousUser, month: YearMonth) -> QuerySet[Sponsor]:
    """Sponsors in arrears today up to `month`: how many months and how much."""
    last = overdue_through(month)
    # Filtered before the sums, so only the owed dues are joined (not every
    # due of every sponsor, summed with a FILTER): the page reads a fraction.
    return (
        sponsor_queryset_for(user)
        .filter(dues__cancelled=False, dues__month__lte=last.first_day, dues__paid_amount__lt=F("dues__amount"))
        .annotate(
            arrears=Sum(F("dues__amount") - F("dues__paid_amount")),
            arrears_months=Count("dues__month", distinct=True),
            arrears_dues=Count("dues"),
        )
        .order_by("-arrears", "name")
    )


def arrears_by_agency(user: User | AnonymousUser, month: YearMonth) -> list[dict[str, object]]:
    """Arrears of civil-servant sponsors per agency: agency, sponsors in
    arrears, rupiah."""
    rows = (
        owed_dues(due_queryset_for(user), month)
        .filter(sponsor__kind=Sponsor.Kind.CIVIL_SERVANT)
        .values("sponsor__agency_id", "sponsor__agency__name")
        .annotate(sponsors=Count("sponsor", distinct=True), amount=Sum(OUTSTANDING))
        .order_by("-amount")
    )
    return [
        {"agency_id": r["sponsor__agency_id"], "agency": r["sponsor__agency__name"], "sponsors": r["sponsors"],
         "amount": r["amount"]}
        for r in rows
    ]  # fmt: skip


def arrears_by_district(user: User | AnonymousUser, month: YearMonth) -> list[dict[str, object]]:
    """Arrears per district of the workers' homes: district, workers, rupiah."""
    rows = (
        owed_dues(due_queryset_for(user), month)
        .values("worker__district_id", "worker__district__name")
        .annotate(workers=Count("worker", distinct=True), amount=Sum(OUTSTANDING))
        .order_by("-amount")
    )
    return [
        {"district_id": r["worker__district_id"], "district": r["worker__district__name"], "workers": r["workers"],
         "amount": r["amount"]}
        for r in rows
    ]  # fmt: skip


@dataclass(frozen=True)
class StatementLine:
    month: YearMonth
    worker: str
    amount: int
    paid: int
    cancelled: bool
    remitted: bool

    @property
    def outstanding(self) -> int:
        return 0 if self.cancelled else self.amount - self.paid


@dataclass(frozen=True)
class Statement:
    """A sponsor's account for a period: each due, each payment, the totals."""

    sponsor: Sponsor
    first: YearMonth
    last: YearMonth
    lines: list[StatementLine]
    payments: list[Payment]
    # False for a reader who may not read payments: the statement then has no
    # payments part at all (rather than an empty one).
    shows_payments: bool = True

    @property
    def total_due(self) -> int:
        return sum(line.amount for line in self.lines if not line.cancelled)

    @property
    def total_paid(self) -> int:
        return sum(line.paid for line in self.lines)

    @property
    def total_outstanding(self) -> int:
        return sum(line.outstanding for line in self.lines)

    @property
    def total_received(self) -> int:
        return sum(payment.amount for payment in self.payments)


def sponsor_statement(
    sponsor: Sponsor, first: YearMonth, last: YearMonth, *, reader: User | AnonymousUser | None = None
) -> Statement:
    """The sponsor's account as `reader` may read it (its payments through
    `payment_queryset_for`); `reader=None` is the operator at the command line."""
    dues = (
        Due.objects.filter(sponsor=sponsor, month__range=(first.first_day, last.first_day))
        .select_related("worker", "remittance")
        .order_by("month", "worker__name")
    )
    lines = [
        StatementLine(
            month=YearMonth.of(d.month), worker=d.worker.name, amount=d.amount, paid=d.paid_amount,
            cancelled=d.cancelled,
            remitted=d.remittance is not None and d.remittance.status == Remittance.Status.CONFIRMED,
        )
        for d in dues
    ]  # fmt: skip
    last_day = (last + 1).first_day
    readable = Payment.objects.all() if reader is None else payment_queryset_for(reader)
    payments = list(
        readable.filter(sponsor=sponsor, received_on__gte=first.first_day, received_on__lt=last_day).order_by(
            "received_on", "pk"
        )
    )
    shows_payments = reader is None or may(reader, Capability.READ_PAYMENTS)
    return Statement(
        sponsor=sponsor, first=first, last=last, lines=lines, payments=payments, shows_payments=shows_payments
    )
