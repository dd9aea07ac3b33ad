"""Which workers a civil servant is offered to sponsor: the closest and the
neediest first.

A civil servant does not read the worker registry (`workers.selectors` shows
them nothing); this is their only window on it (`candidate_queryset_for`):
workers of their own regency waiting for a sponsor (verified or lapsed, no
running sponsorship, under 65), with the NIK masked and the priority flags
summed into one "priority" — which flags hold (disability, woman head of
household, 60 or older, social register) is not theirs to read.

Ranking is one SQL statement with a LIMIT: the filter on (regency, status)
uses the worker_regency_status_idx index, a running sponsorship is a NOT EXISTS
on the (worker, start_month) index, and the database keeps only the top rows
while it sorts, so a regency of hundreds of thousands of workers (or a national
instance of five million, sharded by regency) is never walked in Python.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, CharField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Concat, Substr
from django.shortcuts import get_object_or_404
from django.utils import timezone

from peduli.accounts.models import Role, User
from peduli.accounts.roles import as_user
from peduli.core.months import YearMonth
from peduli.sponsorships.models import Sponsorship
from peduli.workers.models import ELDERLY_AGE, MAXIMUM_AGE, Worker, years_before

SUGGESTED_STATUSES = (Worker.Status.VERIFIED, Worker.Status.LAPSED)
PAGE_SIZE = 10
# Closeness ranks: the civil servant's own village, their district, the rest.
SAME_VILLAGE, SAME_DISTRICT, ELSEWHERE = 0, 1, 2


def masked_nik(field: str = "nik") -> Concat:
    """The NIK with its middle eight digits hidden (3324********0001), computed
    by the database so a list never carries the full number."""
    return Concat(Substr(field, 1, 4), Value("********"), Substr(field, 13, 4), output_field=CharField())


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def candidate_queryset_for(user: User | AnonymousUser) -> QuerySet[Worker]:
    """Workers a civil servant may be offered to sponsor, the one rule of the
    suggestions list and of one worker's sheet (/saya/sponsori/<id>/): of
    their own regency, verified or lapsed, under 65, with no running
    sponsorship. Anyone else gets none. Each carries its NIK masked and its
    `priority`, how many priority flags (social register, disability, woman
    head of household, 60 or older) hold: a civil servant is told that a
    worker is a priority, never which flag. The sponsorship service checks
    everything again under a lock; this only decides what may be shown."""
    u = as_user(user)
    if u is None or u.role != Role.CIVIL_SERVANT or u.civil_servant is None:
        return Worker.objects.none()
    today = timezone.localdate()
    running = Sponsorship.objects.filter(worker=OuterRef("pk")).filter(
        Q(end_month__isnull=True) | Q(end_month__gte=YearMonth.current().first_day)
    )
    return (
        Worker.objects.filter(
            regency_id=u.civil_servant.regency_id,
            status__in=SUGGESTED_STATUSES,
            birth_date__gt=years_before(today, MAXIMUM_AGE),
        )
        .exclude(Exists(running))
        .select_related("village", "district", "occupation")
        .annotate(
            nik_masked=masked_nik(),
            priority=_flag(Q(in_social_register=True))
            + _flag(Q(has_disability=True))
            + _flag(Q(woman_head_of_household=True))
            + _flag(Q(birth_date__lte=years_before(today, ELDERLY_AGE))),
        )
    )


def candidate_get_for(user: User | AnonymousUser, pk: object) -> Worker:
    """One worker the civil servant could be suggested, or Http404: the same
    answer for a worker sponsored by someone else, one of another regency
    and an id nobody has."""
    return get_object_or_404(candidate_queryset_for(user), pk=pk)


@dataclass(frozen=True)
class Suggestions:
    workers: Sequence[Worker]
    offset: int
    has_more: bool

    @property
    def next_offset(self) -> int:
        return self.offset + len(self.workers)


def suggestions_for(user: User | AnonymousUser, *, offset: int = 0, limit: int = PAGE_SIZE) -> Suggestions:
    """One page of unsponsored workers for a civil servant, ranked: same
    village as their home, then same district, then the rest; within each,
    more priority flags (social register, disability, woman head of household,
    60 or older) first, then the longest waiting since verification."""
    u = as_user(user)
    offset = max(offset, 0)
    if u is None or u.role != Role.CIVIL_SERVANT or u.civil_servant is None:
        return Suggestions(workers=[], offset=offset, has_more=False)
    home = u.civil_servant.home_village
    closeness: Case | Value = Value(ELSEWHERE, output_field=IntegerField())
    if home is not None:
        closeness = Case(
            When(village_id=home.code, then=Value(SAME_VILLAGE)),
            When(district_id=home.parent_id, then=Value(SAME_DISTRICT)),
            default=Value(ELSEWHERE),
            output_field=IntegerField(),
        )
    ranked = (
        candidate_queryset_for(u)
        .annotate(closeness=closeness)
        .order_by("closeness", F("priority").desc(), F("verified_at").asc(nulls_last=True), "pk")
    )
    # One row more than shown tells whether there is a next page, without COUNT(*).
    rows = list(ranked[offset : offset + limit + 1])
    return Suggestions(workers=rows[:limit], offset=offset, has_more=len(rows) > limit)
