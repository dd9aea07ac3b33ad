"""The planner's projection: a scenario's protected workers month by month
from its start month to December 2045 (or the last target's year), by who
pays, with the coverage, the cost and the money missing to stay on the
target trajectory. Pure functions of their arguments: no database here.

The model, stated once (the pages' help texts repeat it):

- Civil servants (ASN) who sponsor: S(m+1) = S(m) × (1 − lapse) + new(m),
  never more than all civil servants; new sponsors each cover
  `workers_per_sponsor` workers, and the workers they cover lapse at the
  same rate.
- Self-paying and other members already protected at the start (everyone
  protected minus those covered by civil servants) grow by the yearly
  self-paying growth (compounded monthly) and lapse at the same rate.
- Budgets (company CSR, BUMD, DBHCHT, APBD) buy months of premium, not
  people: a budget-funded worker costs the premium in every month covered.
  A year's budget is spread over its months in whole rupiah that add up to
  it exactly (month i of the year, 0-based, gets ⌊B·(i+1)/12⌋ − ⌊B·i/12⌋),
  from the month after the start. Each month a source first keeps paying
  the workers it already covers (as many as the month's money pays), then
  enrols new ones with what is left.
- Enrolment has a capacity: outreach and registration enrol at most
  `enrolment_capacity_per_month` new budget-funded workers a month, shared
  by the budget sources in SOURCES order; so budgets ramp up month by month.
  Civil servants' workers and self-payers follow their own rates above.
- Money a month does not spend (capacity reached, everyone covered, or a
  remainder smaller than one premium) is shown as unspent and is not
  carried to later months: budget money not spent on premiums in its month
  is not spent on them later (a regional budget ends the year as SiLPA).
  Unspent = planned − what the budgets paid, exactly.
- Informal workers (the denominator) grow by their yearly rate.
- Nobody is protected twice and no more workers are protected than there
  are informal workers: sources are counted in the order of SOURCES; when
  the room shrinks, budget-funded workers go first from the last source.
- The target trajectory runs in a straight line from the start month's
  coverage to each target in December of its year, and stays flat after the
  last one. The money needed in a month is the premium of the workers the
  trajectory asks for beyond those civil servants and self-payers cover;
  the gap is that minus the budgets planned.
- A target is reached in the first month from which the coverage meets it
  in every month to the end of the projection (a month that meets it and is
  lost again later does not count; the outcome names when it was first met
  and from when it stays below).
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from itertools import pairwise

from peduli.core.months import YearMonth, month_range

HORIZON_YEAR = 2045
# Counted in this order when the informal workers are all covered: who pays
# anyway first, the budgets last (the APBD is the residual public money).
SOURCES = ("asn", "mandiri", "csr", "bumd", "dbhcht", "apbd")
BUDGET_SOURCES = ("csr", "bumd", "dbhcht", "apbd")
SOURCE_LABELS = {
    "asn": "ASN Peduli",
    "mandiri": "Mandiri & sumber lain",
    "csr": "CSR perusahaan",
    "bumd": "CSR BUMD",
    "dbhcht": "DBHCHT",
    "apbd": "APBD",
}
# New budget-funded workers a month when a scenario says none and the
# registry has no history to take it from (`selectors.enrolment_capacity_default`).
FALLBACK_ENROLMENT_CAPACITY = 300
PER_MONTH = "per_month"
PCT_PER_YEAR = "pct_per_year"


@dataclass(frozen=True)
class StartPoint:
    """The regency in the start month, as reported or typed."""

    month: YearMonth
    informal_workers: int
    protected_workers: int
    civil_servants: int
    sponsoring_civil_servants: int
    workers_by_civil_servants: int


@dataclass(frozen=True)
class Assumptions:
    """Percentages are percent (2.5 means 2.5%); budgets are rupiah a year."""

    civil_servant_growth: str = PER_MONTH  # PER_MONTH or PCT_PER_YEAR
    new_sponsors_per_month: int = 0
    sponsors_pct_per_year: Decimal = Decimal(0)  # of all civil servants, who start sponsoring in a year
    workers_per_sponsor: Decimal = Decimal(1)
    csr_per_year: int = 0
    bumd_per_year: int = 0
    dbhcht_per_year: int = 0
    apbd_per_year: int = 0
    self_paying_growth_pct: Decimal = Decimal(0)  # a year
    informal_growth_pct: Decimal = Decimal(0)  # a year
    lapse_pct_per_month: Decimal = Decimal(0)
    enrolment_capacity_per_month: int = FALLBACK_ENROLMENT_CAPACITY

    def budget(self, source: str) -> int:
        return int(getattr(self, f"{source}_per_year"))


@dataclass(frozen=True)
class TargetSpec:
    year: int
    coverage_pct: Decimal
    legal_source: str


@dataclass(frozen=True)
class MonthPoint:
    month: YearMonth
    premium: int
    informal_workers: int
    sponsoring_civil_servants: int
    workers: Mapping[str, int]  # protected workers by source
    protected: int
    coverage_pct: Decimal
    target_pct: Decimal
    cost: Mapping[str, int]  # rupiah by source: workers × premium
    planned: int  # budget money planned for the month
    needed: int  # budget money the trajectory needs this month
    enrolled: int  # new budget-funded workers this month
    unspent: int  # budget money of the month no premium took (planned − budget cost)


@dataclass(frozen=True)
class YearRow:
    """A year: stocks as of its last projected month, money summed over its months."""

    year: int
    informal_workers: int
    sponsoring_civil_servants: int
    workers: Mapping[str, int]
    protected: int
    coverage_pct: Decimal
    target_pct: Decimal
    cost: Mapping[str, int]
    cost_total: int
    planned: int
    needed: int
    unspent: int

    @property
    def budget_cost(self) -> int:
        """What the budgets paid in premiums: planned − unspent."""
        return sum(self.cost[source] for source in BUDGET_SOURCES)

    @property
    def gap(self) -> int:
        """Money still to find (negative: more planned than needed)."""
        return self.needed - self.planned


@dataclass(frozen=True)
class TargetOutcome:
    target: TargetSpec
    reached: YearMonth | None  # the first month from which every month is at or above the target
    coverage_at_deadline: Decimal | None  # in December of the target's year, when projected
    first_met: YearMonth | None = None  # the first month at or above the target, held or not
    # Not reached though met once: the month from which it stays below the target to the end.
    fell_below: YearMonth | None = None
    met_at_deadline: bool = False  # exactly, in December of the target's year

    @property
    def deadline(self) -> YearMonth:
        return YearMonth(self.target.year, 12)

    @property
    def on_time(self) -> bool:
        return self.reached is not None and self.reached <= self.deadline


@dataclass(frozen=True)
class Projection:
    start: StartPoint
    assumptions: Assumptions
    months: tuple[MonthPoint, ...]
    years: tuple[YearRow, ...]
    targets: tuple[TargetOutcome, ...]

    def target(self, year: int) -> TargetOutcome | None:
        return next((t for t in self.targets if t.target.year == year), None)

    @property
    def last(self) -> MonthPoint:
        return self.months[-1]


def rounded(value: Fraction) -> Decimal:
    """To 2 decimals, as the indicators write percentages."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def percent(part: int, whole: int) -> Decimal:
    return rounded(Fraction(part * 100, whole)) if whole else Decimal("0.00")


def _rate(pct: Decimal) -> Fraction:
    return Fraction(pct) / 100


def _monthly(yearly_pct: Decimal) -> float:
    """The monthly rate that compounds to the yearly one."""
    return float((1 + float(yearly_pct) / 100) ** (1 / 12) - 1)


def premium_at(premiums: Sequence[tuple[YearMonth, int]], month: YearMonth) -> int:
    """The premium of the schedule in force in `month` (the earliest before any)."""
    current = premiums[0][1]
    for effective, amount in premiums:
        if effective <= month:
            current = amount
    return current


def month_share(yearly: int, month: YearMonth) -> int:
    """A yearly amount's part in `month`, in whole rupiah: the twelve months
    of a year add up to `yearly` exactly."""
    index = month.month - 1
    return yearly * (index + 1) // 12 - yearly * index // 12


def trajectory(start: StartPoint, targets: Sequence[TargetSpec]) -> list[tuple[YearMonth, Fraction]]:
    """The anchors of the target line: the start's coverage, then each later target in December."""
    anchors = [(start.month, Fraction(start.protected_workers * 100, max(start.informal_workers, 1)))]
    for target in sorted(targets, key=lambda t: t.year):
        if YearMonth(target.year, 12) > start.month:
            anchors.append((YearMonth(target.year, 12), Fraction(target.coverage_pct)))
    return anchors


def trajectory_at(anchors: Sequence[tuple[YearMonth, Fraction]], month: YearMonth) -> Fraction:
    for (first, low), (last, high) in pairwise(anchors):
        if first <= month <= last:
            return low + (high - low) * Fraction(first.months_until(month), first.months_until(last))
    return anchors[-1][1]


def horizon(start: StartPoint, targets: Sequence[TargetSpec]) -> YearMonth:
    last_year = max([HORIZON_YEAR, start.month.year, *(t.year for t in targets)])
    return YearMonth(last_year, 12)


def _fund(
    held: Mapping[str, int], money: Mapping[str, int], *, premium: int, room: int, capacity: int
) -> tuple[dict[str, int], int]:
    """Budget-funded workers by source this month, and how many are new.

    Each source keeps the workers it held as far as its month's money pays
    them; the room left under the informal workers is taken from the last
    source first; then new workers are enrolled in SOURCES order, each
    source as many as its remaining money pays, all of them together no
    more than `capacity`."""
    kept = {source: min(held[source], money[source] // premium) for source in BUDGET_SOURCES}
    excess = max(sum(kept.values()) - room, 0)
    for source in reversed(BUDGET_SOURCES):
        dropped = min(kept[source], excess)
        kept[source] -= dropped
        excess -= dropped
    room -= sum(kept.values())
    funded, enrolled = dict(kept), 0
    for source in BUDGET_SOURCES:
        new = max(min(capacity - enrolled, money[source] // premium - kept[source], room), 0)
        funded[source] += new
        enrolled += new
        room -= new
    return funded, enrolled


def project(
    start: StartPoint,
    assumptions: Assumptions,
    *,
    premiums: Sequence[tuple[YearMonth, int]],
    targets: Sequence[TargetSpec],
) -> Projection:
    """Project the scenario month by month; `premiums` is the premium
    schedule as (effective month, rupiah) in month order, at least one."""
    if not premiums:
        raise ValueError("premiums must not be empty")
    lapse = float(_rate(assumptions.lapse_pct_per_month))
    self_growth = _monthly(assumptions.self_paying_growth_pct)
    informal_growth = _monthly(assumptions.informal_growth_pct)
    all_servants = start.civil_servants
    sponsors = float(min(start.sponsoring_civil_servants, all_servants))
    by_servants = float(start.workers_by_civil_servants)
    self_paying = float(max(start.protected_workers - start.workers_by_civil_servants, 0))
    if assumptions.civil_servant_growth == PCT_PER_YEAR:
        joining = all_servants * float(_rate(assumptions.sponsors_pct_per_year)) / 12
    else:
        joining = float(assumptions.new_sponsors_per_month)
    per_sponsor = float(assumptions.workers_per_sponsor)
    capacity = max(int(assumptions.enrolment_capacity_per_month), 0)
    held = dict.fromkeys(BUDGET_SOURCES, 0)
    anchors = trajectory(start, targets)

    points: list[MonthPoint] = []
    for step, month in enumerate(month_range(start.month, horizon(start, targets))):
        premium = premium_at(premiums, month)
        if step:
            new = max(min(joining, all_servants - sponsors * (1 - lapse)), 0.0)
            sponsors = sponsors * (1 - lapse) + new
            by_servants = by_servants * (1 - lapse) + new * per_sponsor
            self_paying = max(self_paying * (1 + self_growth - lapse), 0.0)
        informal = max(round(start.informal_workers * (1 + informal_growth) ** step), 1)
        asn = min(math.floor(by_servants + 1e-9), informal)
        mandiri = min(math.floor(self_paying + 1e-9), informal - asn)
        money = {s: month_share(assumptions.budget(s), month) if step else 0 for s in BUDGET_SOURCES}
        held, enrolled = _fund(held, money, premium=premium, room=informal - asn - mandiri, capacity=capacity)
        workers = {"asn": asn, "mandiri": mandiri, **held}
        protected = sum(workers.values())
        cost = {source: workers[source] * premium for source in SOURCES}
        planned = sum(money.values())
        target = trajectory_at(anchors, month)
        wanted = min(math.ceil(target * informal / 100), informal)
        uncovered = max(wanted - workers["asn"] - workers["mandiri"], 0)
        points.append(
            MonthPoint(
                month=month,
                premium=premium,
                informal_workers=informal,
                sponsoring_civil_servants=math.floor(sponsors + 1e-9),
                workers=workers,
                protected=protected,
                coverage_pct=percent(protected, informal),
                target_pct=rounded(target),
                cost=cost,
                planned=planned,
                needed=uncovered * premium if step else 0,
                enrolled=enrolled,
                unspent=planned - sum(cost[s] for s in BUDGET_SOURCES),
            )
        )
    return Projection(
        start=start,
        assumptions=assumptions,
        months=tuple(points),
        years=tuple(_years(points)),
        targets=tuple(_outcome(target, points) for target in sorted(targets, key=lambda t: t.year)),
    )


def _years(points: Sequence[MonthPoint]) -> list[YearRow]:
    rows = []
    for year in sorted({p.month.year for p in points}):
        months = [p for p in points if p.month.year == year]
        last = months[-1]
        cost = {source: sum(p.cost[source] for p in months) for source in SOURCES}
        rows.append(
            YearRow(
                year=year,
                informal_workers=last.informal_workers,
                sponsoring_civil_servants=last.sponsoring_civil_servants,
                workers=last.workers,
                protected=last.protected,
                coverage_pct=last.coverage_pct,
                target_pct=last.target_pct,
                cost=cost,
                cost_total=sum(cost.values()),
                planned=sum(p.planned for p in months),
                needed=sum(p.needed for p in months),
                unspent=sum(p.unspent for p in months),
            )
        )
    return rows


def _outcome(target: TargetSpec, points: Sequence[MonthPoint]) -> TargetOutcome:
    """Reached in the first month from which every projected month meets the
    target (exactly, not as rounded for display)."""
    goal = Fraction(target.coverage_pct)
    met = [p.protected * 100 >= goal * p.informal_workers for p in points]
    first_met = next((p.month for p, ok in zip(points, met, strict=True) if ok), None)
    below = [p.month for p, ok in zip(points, met, strict=True) if not ok]
    if not below:
        reached = points[0].month
    elif below[-1] == points[-1].month:
        reached = None
    else:
        reached = below[-1] + 1
    fell_below = None
    if reached is None and first_met is not None:
        fell_below = next(p.month for p, ok in zip(reversed(points), reversed(met), strict=True) if ok) + 1
    deadline = YearMonth(target.year, 12)
    at_deadline = next(((p, ok) for p, ok in zip(points, met, strict=True) if p.month == deadline), None)
    return TargetOutcome(
        target=target, reached=reached, coverage_at_deadline=at_deadline[0].coverage_pct if at_deadline else None,
        first_met=first_met, fell_below=fell_below, met_at_deadline=bool(at_deadline and at_deadline[1]),
    )  # fmt: skip
