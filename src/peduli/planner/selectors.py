"""Reads of the planner: the scenarios a user may see, and what a projection
needs from the rest of Peduli (targets, the premium schedule, the starting
figures the reporting indicators hold)."""

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, as_user, may
from peduli.core.errors import ApplicationError
from peduli.core.formatting import number
from peduli.core.months import YearMonth
from peduli.ledger.models import RateSchedule
from peduli.ledger.rates import DEFAULT_PREMIUM
from peduli.planner.models import Scenario
from peduli.planner.projection import FALLBACK_ENROLMENT_CAPACITY, Projection, TargetSpec, project
from peduli.regions.models import Region
from peduli.regions.scoping import in_user_region
from peduli.reporting.coverage import indicators, scopes
from peduli.reporting.models import CoverageFact, CoverageSummary

COMPARE_MIN, COMPARE_MAX = 2, 4
# How many full months of the registry's history set the enrolment capacity's default.
CAPACITY_HISTORY_MONTHS = 12


def scenario_queryset_for(user: User | AnonymousUser) -> QuerySet[Scenario]:
    """Planners see every scenario of the instance; everyone else none."""
    scenarios = Scenario.objects.select_related("regency", "created_by")
    u = as_user(user)
    return in_user_region(scenarios, u) if u is not None and may(u, Capability.PLAN) else scenarios.none()


def scenario_get_for(user: User | AnonymousUser, pk: int) -> Scenario:
    return get_object_or_404(scenario_queryset_for(user), pk=pk)


def scenarios_for_comparison(user: User | AnonymousUser, ids: Sequence[int]) -> list[Scenario]:
    """2 to 4 distinct scenarios the user may see, in the order asked."""
    return scenarios_pick(scenario_queryset_for(user), ids)


def scenarios_pick(scenarios: QuerySet[Scenario], ids: Sequence[int]) -> list[Scenario]:
    """2 to 4 distinct scenarios of `scenarios` (already scoped), in the order asked."""
    wanted = list(dict.fromkeys(ids))
    if not COMPARE_MIN <= len(wanted) <= COMPARE_MAX:
        raise ApplicationError(_("Pilih 2 sampai 4 skenario untuk dibandingkan."), field="scenarios")
    found = {s.pk: s for s in scenarios.filter(pk__in=wanted)}
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        raise ApplicationError(
            _("Skenario %(ids)s tidak ditemukan.") % {"ids": ", ".join(missing)}, field="scenarios", code="not_found"
        )
    return [found[pk] for pk in wanted]


def targets_for(regency: Region) -> list[TargetSpec]:
    """The regency's coverage targets, or the RPJMD/RPJPD figures when it has none."""
    return [TargetSpec(*row) for row in indicators.regency_targets(regency)]


def premium_schedule() -> list[tuple[YearMonth, int]]:
    """The JKK+JKM premium on the lowest income of each rate schedule, oldest first."""
    schedules = RateSchedule.objects.order_by("effective_from")
    premiums = [
        (YearMonth.of(s.effective_from), s.premium(programme="jkk_jkm", declared_income=s.minimum_income))
        for s in schedules
    ]
    return premiums or [(YearMonth(2015, 7), DEFAULT_PREMIUM)]


def scenario_projection(scenario: Scenario) -> Projection:
    return project(
        scenario.start_point(),
        scenario.assumptions(),
        premiums=premium_schedule(),
        targets=targets_for(scenario.regency),
    )


@dataclass(frozen=True)
class StartFigures:
    informal_workers: int | None
    protected_workers: int
    civil_servants: int
    sponsoring_civil_servants: int
    workers_by_civil_servants: int

    def as_initial(self) -> dict[str, int]:
        return {name: value for name, value in vars(self).items() if value is not None}


def start_figures(regency: Region, month: YearMonth) -> StartFigures | None:
    """The regency's figures in `month` from the reporting indicators, or
    None while they cannot be read (the user then types them)."""
    try:
        figures = indicators.indicators_for(scope=scopes.Scope(kind="regency", regency=regency), month=month)
    except (NotImplementedError, ApplicationError):
        return None
    if not (figures.workers_protected or figures.civil_servants_total):
        return None  # nothing recorded for that month yet
    return StartFigures(
        informal_workers=figures.informal_workers,
        protected_workers=figures.workers_protected,
        civil_servants=figures.civil_servants_total,
        sponsoring_civil_servants=figures.civil_servants_sponsoring,
        workers_by_civil_servants=figures.workers_covered_by_civil_servants,
    )


@dataclass(frozen=True)
class CapacityDefault:
    """The enrolment capacity a scenario gets when none is typed, and where
    it comes from: the median of the months in `first`..`last`, or the
    planner's constant when the registry has no such history."""

    value: int
    first: YearMonth | None = None
    last: YearMonth | None = None

    @property
    def from_history(self) -> bool:
        return self.first is not None

    @property
    def explanation(self) -> str:
        if self.first is None or self.last is None:
            return _(
                "Belum ada riwayat pendaftaran di Peduli, jadi bawaannya %(n)s pekerja baru per bulan; "
                "ganti dengan kemampuan nyata tim pendata."
            ) % {"n": number(self.value)}
        return _(
            "Bawaan %(n)s: median pekerja baru yang mulai terlindungi lewat Peduli per bulan, %(first)s–%(last)s."
        ) % {"n": number(self.value), "first": self.first.label, "last": self.last.label}


def enrolment_capacity_default(regency: Region) -> CapacityDefault:
    """The median of new workers protected through Peduli (sponsored by
    anyone but the worker) per month over the last 12 full months before
    this one that the snapshots hold; FALLBACK_ENROLMENT_CAPACITY when they
    hold none, or none of them enrolled anybody. New protection is counted
    rather than registration: a worker is enrolled when registered and paid."""
    current = YearMonth.current()
    by_month = (
        CoverageSummary.objects.filter(regency=regency, month__lt=current.first_day)
        .exclude(source__in=(CoverageFact.SELF_PAYING, CoverageFact.SELF_PAYING_COUNTED))
        .values("month")
        .annotate(new=Sum("new"))
        .order_by("-month")[:CAPACITY_HISTORY_MONTHS]
    )
    counts = [(YearMonth.of(row["month"]), int(row["new"] or 0)) for row in by_month]
    if not any(new for _month, new in counts):
        return CapacityDefault(FALLBACK_ENROLMENT_CAPACITY)
    median = Decimal(statistics.median(new for _month, new in counts)).quantize(Decimal(1), ROUND_HALF_UP)
    return CapacityDefault(int(median), first=counts[-1][0], last=counts[0][0])
