"""Reads of BPJS's non-wage member lists and per-village counts.

Members are personal data (NIK, name): only the labour office and BPJS's own
officers read them one by one. Leaders read the counts (aggregates). Agency
and district operators, civil servants and CSR partners read none of it.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Min, Q, QuerySet

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, as_user, may
from peduli.bpjs.models import Member, MemberCount
from peduli.core.months import YearMonth
from peduli.ledger.models import Due
from peduli.regions.scoping import in_user_region
from peduli.workers.models import Worker

# BPJS's JKM (death) benefit: the full benefit after this many months of
# membership, only the funeral part before.
JKM_FULL_AFTER_MONTHS = 3
JKM_FULL_BENEFIT = 42_000_000
JKM_FUNERAL_BENEFIT = 10_000_000


def members_active_in(*, regency_id: str, month: YearMonth) -> QuerySet[Member]:
    """The members BPJS reported active in `month` (first_month <= month <= last_month).

    Unscoped: for the indicators, which count people, not show them."""
    day = month.first_day
    return Member.objects.filter(regency_id=regency_id, first_month__lte=day, last_month__gte=day)


def member_queryset_for(user: User | AnonymousUser) -> QuerySet[Member]:
    members = Member.objects.select_related("village__parent", "worker").order_by("name", "nik")
    u = as_user(user)
    return in_user_region(members, u) if u is not None and may(u, Capability.KEEP_MEMBERS) else members.none()


def member_active_filter(queryset: QuerySet[Member], month: YearMonth) -> QuerySet[Member]:
    day = month.first_day
    return queryset.filter(first_month__lte=day, last_month__gte=day)


def member_count_queryset_for(user: User | AnonymousUser) -> QuerySet[MemberCount]:
    counts = MemberCount.objects.select_related("village__parent").order_by("-month", "village_id")
    u = as_user(user)
    return in_user_region(counts, u) if u is not None and may(u, Capability.READ_MEMBER_COUNTS) else counts.none()


def member_count_months(user: User | AnonymousUser) -> list[YearMonth]:
    """The months counts were imported for, newest first."""
    days = member_count_queryset_for(user).order_by("-month").values_list("month", flat=True).distinct()
    return [YearMonth.of(day) for day in days]


# JKM eligibility ---------------------------------------------------------------------


@dataclass(frozen=True)
class JkmEligibility:
    """What a worker's heirs could claim from JKM today."""

    since: date
    months: int
    full: bool

    @property
    def benefit(self) -> int:
        return JKM_FULL_BENEFIT if self.full else JKM_FUNERAL_BENEFIT


def _whole_months(start: date, on: date) -> int:
    months = (on.year - start.year) * 12 + on.month - start.month
    return max(0, months - (1 if on.day < start.day else 0))


def worker_jkm_eligibility(*, worker: Worker, on: date) -> JkmEligibility | None:
    """How long `worker` has been a BPJS member on `on`, and so which JKM benefit applies.

    Membership starts at the start date BPJS gave, else the first month BPJS
    listed them, else the first month a Peduli sponsor paid in full; None
    when none of these is known."""
    member = Member.objects.filter(Q(worker=worker) | Q(nik=worker.nik)).order_by("pk").first()
    since = None
    if member is not None:
        since = member.membership_start or member.first_month
    if since is None:
        paid = Due.objects.filter(worker=worker, cancelled=False, paid_amount__gte=F("amount"))
        since = paid.aggregate(first=Min("month"))["first"]
    if since is None or since > on:
        return None
    months = _whole_months(since, on)
    return JkmEligibility(since=since, months=months, full=months >= JKM_FULL_AFTER_MONTHS)
