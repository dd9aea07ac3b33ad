"""Figures over time: month-by-month coverage against the target trajectory, and the trajectory itself."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from django.conf import settings
from django.db.models import Sum

from peduli.core.months import YearMonth, month_range
from peduli.regions.models import Region
from peduli.reporting.coverage.indicators import percent, regency_targets
from peduli.reporting.coverage.scopes import (
    Scope,
    scope_civil_servant_facts,
    scope_coverage_rows,
    scope_informal_workers,
    scope_protected_and_informal,
)


@dataclass(frozen=True)
class TrendPoint:
    month: YearMonth
    workers_protected: int
    coverage_pct: Decimal | None
    target_pct: Decimal | None  # the trajectory's value for this month
    workers_covered_by_civil_servants: int
    civil_servant_participation_pct: Decimal | None


@dataclass(frozen=True)
class TrajectoryPoint:
    year: int
    coverage_pct: Decimal
    is_target: bool  # set by a plan, not interpolated


def _trajectory_knots(scope: Scope) -> list[tuple[YearMonth, Decimal]]:
    """The trajectory's fixed points: the baseline month's actual coverage of
    the scope, then each of the regency's targets at the end of its year."""
    anchor = YearMonth.parse(settings.PEDULI_TARGET_BASELINE_MONTH)
    base = percent(*scope_protected_and_informal(scope, anchor))
    return [(anchor, base or Decimal(0))] + [
        (YearMonth(year, 12), pct) for year, pct, _source in regency_targets(scope.regency)
    ]


def target_trajectory(*, regency: Region) -> list[TrajectoryPoint]:
    """The coverage the plans ask for at the end of each year: from the
    baseline month's actual coverage, straight to each target in turn."""
    knots = _trajectory_knots(Scope(kind="regency", regency=regency))
    anchor = knots[0][0]
    points = [TrajectoryPoint(anchor.year, knots[0][1], is_target=False)]
    for year in range(anchor.year + 1, knots[-1][0].year + 1):
        pct = _interpolate(knots, YearMonth(year, 12))
        if pct is not None:
            points.append(TrajectoryPoint(year, pct, is_target=any(k.year == year for k, _v in knots[1:])))
    return points


def _interpolate(knots: list[tuple[YearMonth, Decimal]], month: YearMonth) -> Decimal | None:
    for (left, low), (right, high) in pairwise(knots):
        if left <= month <= right:
            share = Decimal(left.months_until(month)) / Decimal(max(left.months_until(right), 1))
            return (low + (high - low) * share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return None


def indicators_trend(*, scope: Scope, first: YearMonth, last: YearMonth) -> list[TrendPoint]:
    """Month by month: protected workers and coverage against the target
    trajectory, and civil servants' participation."""
    protected = dict(
        scope_coverage_rows(scope)
        .filter(month__gte=first.first_day, month__lte=last.first_day)
        .values("month")
        .annotate(n=Sum("protected"))
        .values_list("month", "n")
    )
    civil = {
        row["month"]: row
        for row in scope_civil_servant_facts(scope)
        .filter(month__gte=first.first_day, month__lte=last.first_day)
        .values("month")
        .annotate(total=Sum("civil_servants"), covered=Sum("workers_covered"))
    }
    denominators: dict[int, int | None] = {}
    knots = _trajectory_knots(scope) if scope.kind in ("regency", "district") else None
    points = []
    for month in month_range(first, last):
        if month.year not in denominators:
            denominators[month.year] = scope_informal_workers(scope, month.year)[0]
        count = protected.get(month.first_day) or 0
        cs = civil.get(month.first_day)
        points.append(
            TrendPoint(
                month=month,
                workers_protected=count,
                coverage_pct=percent(count, denominators[month.year]),
                target_pct=_interpolate(knots, month) if knots else None,
                workers_covered_by_civil_servants=cs["covered"] if cs else 0,
                civil_servant_participation_pct=percent(cs["covered"], cs["total"]) if cs else None,
            )
        )
    return points
