"""The projection engine: Kendal's figures give the expected shape, and
invariants hold for any assumptions (hypothesis)."""

from dataclasses import replace
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from peduli.core.months import YearMonth
from peduli.planner.projection import (
    BUDGET_SOURCES,
    PCT_PER_YEAR,
    SOURCES,
    Assumptions,
    StartPoint,
    TargetSpec,
    project,
    trajectory,
    trajectory_at,
)

KENDAL = StartPoint(
    month=YearMonth(2025, 6),
    informal_workers=338_681,
    protected_workers=14_177,
    civil_servants=10_292,
    sponsoring_civil_servants=728,
    workers_by_civil_servants=728,
)
TARGETS = [TargetSpec(2029, Decimal("51.64"), "RPJMD 2025–2029"), TargetSpec(2045, Decimal("64.74"), "RPJPD")]
PREMIUMS = [(YearMonth(2015, 7), 16_800)]


def run(assumptions: Assumptions, start: StartPoint = KENDAL) -> object:
    return project(start, assumptions, premiums=PREMIUMS, targets=TARGETS)


def test_status_quo_stays_at_the_start_and_reaches_no_target() -> None:
    result = project(KENDAL, Assumptions(), premiums=PREMIUMS, targets=TARGETS)
    assert result.months[0].month == YearMonth(2025, 6)
    assert result.last.month == YearMonth(2045, 12)
    assert len(result.months) == 247
    assert {p.protected for p in result.months} == {14_177}
    assert result.months[0].coverage_pct == Decimal("4.19")
    assert [(o.target.year, o.reached, o.coverage_at_deadline) for o in result.targets] == [
        (2029, None, Decimal("4.19")),
        (2045, None, Decimal("4.19")),
    ]


def test_the_trajectory_runs_from_the_start_to_each_target_in_december() -> None:
    anchors = trajectory(KENDAL, TARGETS)
    assert trajectory_at(anchors, YearMonth(2025, 6)) * 338_681 == 14_177 * 100
    assert trajectory_at(anchors, YearMonth(2029, 12)) == Decimal("51.64")
    assert trajectory_at(anchors, YearMonth(2045, 12)) == Decimal("64.74")
    result = project(KENDAL, Assumptions(), premiums=PREMIUMS, targets=TARGETS)
    assert result.years[-1].target_pct == Decimal("64.74")
    # Halfway between December 2029 and December 2045 (December 2037).
    assert next(y for y in result.years if y.year == 2037).target_pct == Decimal("58.19")


def test_a_budget_pays_a_twelfth_of_its_year_each_month_from_the_month_after_the_start() -> None:
    result = project(KENDAL, Assumptions(apbd_per_year=12 * 16_800 * 1_000), premiums=PREMIUMS, targets=TARGETS)
    assert result.months[0].workers["apbd"] == 0
    assert result.months[1].workers["apbd"] == 1_000
    first_year = result.years[0]
    assert first_year.planned == 6 * 16_800 * 1_000  # July to December 2025
    assert first_year.cost["apbd"] == first_year.planned


def test_civil_servants_joining_stop_at_all_civil_servants() -> None:
    result = project(
        KENDAL,
        Assumptions(new_sponsors_per_month=500, workers_per_sponsor=Decimal(2)),
        premiums=PREMIUMS,
        targets=TARGETS,
    )
    assert result.months[1].workers["asn"] == 728 + 1_000
    assert max(p.sponsoring_civil_servants for p in result.months) == 10_292
    assert result.last.workers["asn"] == 728 + (10_292 - 728) * 2


def test_a_percentage_of_civil_servants_a_year_joins_by_twelfths() -> None:
    result = project(
        KENDAL, Assumptions(civil_servant_growth=PCT_PER_YEAR, sponsors_pct_per_year=Decimal(12)),
        premiums=PREMIUMS, targets=TARGETS,
    )  # fmt: skip
    # 12% of 10,292 a year is 102.92 a month.
    assert result.months[12].sponsoring_civil_servants == 728 + 1_235


def test_a_target_is_reached_in_the_first_month_at_or_above_it() -> None:
    needed = 338_681 * 5164 // 10_000 + 1 - 14_177  # workers beyond the start for 51.64%
    budget = needed * 16_800 * 12
    result = project(KENDAL, Assumptions(apbd_per_year=budget), premiums=PREMIUMS, targets=TARGETS)
    outcome = result.target(2029)
    assert outcome is not None and outcome.reached == YearMonth(2025, 7) and outcome.on_time
    assert result.target(2045) is not None and result.target(2045).reached is None  # type: ignore[union-attr]


def test_the_premium_follows_the_rate_schedule_in_force() -> None:
    premiums = [(YearMonth(2015, 7), 16_800), (YearMonth(2027, 1), 20_000)]
    result = project(KENDAL, Assumptions(), premiums=premiums, targets=TARGETS)
    by_month = {p.month: p.premium for p in result.months}
    assert by_month[YearMonth(2026, 12)] == 16_800 and by_month[YearMonth(2027, 1)] == 20_000


def test_a_later_target_extends_the_horizon() -> None:
    result = project(KENDAL, Assumptions(), premiums=PREMIUMS, targets=[*TARGETS, TargetSpec(2050, Decimal(70), "X")])
    assert result.last.month == YearMonth(2050, 12)


# Invariants ------------------------------------------------------------------

percentages = st.decimals(min_value=0, max_value=20, places=2)
budgets = st.integers(min_value=0, max_value=500_000_000_000)
starts = st.builds(
    lambda informal, protected_share, servants, sponsor_share, month: StartPoint(
        month=YearMonth.from_index(YearMonth(2020, 1).index + month),
        informal_workers=informal,
        protected_workers=informal * protected_share // 100,
        civil_servants=servants,
        sponsoring_civil_servants=servants * sponsor_share // 100,
        workers_by_civil_servants=min(servants * sponsor_share // 100, informal * protected_share // 100),
    ),
    st.integers(min_value=1, max_value=2_000_000),
    st.integers(min_value=0, max_value=100),
    st.integers(min_value=0, max_value=50_000),
    st.integers(min_value=0, max_value=100),
    st.integers(min_value=0, max_value=300),
)
assumption_sets = st.builds(
    Assumptions,
    civil_servant_growth=st.sampled_from(["per_month", "pct_per_year"]),
    new_sponsors_per_month=st.integers(min_value=0, max_value=5_000),
    sponsors_pct_per_year=st.decimals(min_value=0, max_value=100, places=2),
    workers_per_sponsor=st.decimals(min_value=0, max_value=5, places=2),
    csr_per_year=budgets,
    bumd_per_year=budgets,
    dbhcht_per_year=budgets,
    apbd_per_year=budgets,
    self_paying_growth_pct=st.decimals(min_value=-50, max_value=100, places=2),
    informal_growth_pct=st.decimals(min_value=-20, max_value=20, places=2),
    lapse_pct_per_month=percentages,
)


@settings(max_examples=60, deadline=None)
@given(start=starts, assumptions=assumption_sets)
def test_coverage_never_passes_100_percent_and_counts_add_up(start: StartPoint, assumptions: Assumptions) -> None:
    for point in project(start, assumptions, premiums=PREMIUMS, targets=TARGETS).months:
        assert point.protected == sum(point.workers.values()) <= point.informal_workers
        assert Decimal(0) <= point.coverage_pct <= Decimal(100)
        assert all(count >= 0 for count in point.workers.values())


@settings(max_examples=60, deadline=None)
@given(
    start=starts,
    assumptions=assumption_sets,
    source=st.sampled_from(BUDGET_SOURCES),
    more=st.integers(min_value=1, max_value=100_000_000_000),
)
def test_more_budget_never_protects_fewer_workers(
    start: StartPoint, assumptions: Assumptions, source: str, more: int
) -> None:
    budget: dict[str, Any] = {f"{source}_per_year": assumptions.budget(source) + more}
    richer = replace(assumptions, **budget)
    before = project(start, assumptions, premiums=PREMIUMS, targets=TARGETS)
    after = project(start, richer, premiums=PREMIUMS, targets=TARGETS)
    assert all(b.protected <= a.protected for b, a in zip(before.months, after.months, strict=True))
    assert all(b.gap >= a.gap for b, a in zip(before.years, after.years, strict=True))


@settings(max_examples=60, deadline=None)
@given(start=starts, assumptions=assumption_sets)
def test_cost_is_workers_times_premium_and_budgets_are_not_overspent(
    start: StartPoint, assumptions: Assumptions
) -> None:
    premiums = [(YearMonth(2015, 7), 16_800), (YearMonth(2030, 1), 21_000)]
    result = project(start, assumptions, premiums=premiums, targets=TARGETS)
    for point in result.months:
        assert all(point.cost[s] == point.workers[s] * point.premium for s in SOURCES)
    for year in result.years:
        months = [p for p in result.months if p.month.year == year.year]
        assert year.cost_total == sum(p.workers[s] * p.premium for p in months for s in SOURCES)
        budget_cost = sum(year.cost[s] for s in BUDGET_SOURCES)
        assert budget_cost <= year.planned
