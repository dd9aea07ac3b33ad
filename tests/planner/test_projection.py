"""The projection engine: Kendal's figures give the expected shape (the
ramp of enrolment, budgets in whole rupiah that add up, a target reached
only when it stays met), and invariants hold for any assumptions
(hypothesis)."""

from dataclasses import replace
from decimal import Decimal
from itertools import pairwise
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
    month_share,
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


def test_a_budget_buys_months_of_premium_and_enrols_up_to_the_capacity_each_month() -> None:
    assumptions = Assumptions(apbd_per_year=12 * 16_800 * 1_000, enrolment_capacity_per_month=300)
    result = project(KENDAL, assumptions, premiums=PREMIUMS, targets=TARGETS)
    # From the month after the start, 300 new a month until the money pays for no more (1,000).
    assert [p.workers["apbd"] for p in result.months[:7]] == [0, 300, 600, 900, 1_000, 1_000, 1_000]
    assert [p.enrolled for p in result.months[:6]] == [0, 300, 300, 300, 100, 0]
    first_year = result.years[0]
    assert first_year.planned == 6 * 16_800 * 1_000  # July to December 2025
    assert first_year.cost["apbd"] == (300 + 600 + 900 + 1_000 + 1_000 + 1_000) * 16_800
    assert first_year.unspent == (700 + 400 + 100) * 16_800  # not carried: shown as unspent
    assert first_year.budget_cost + first_year.unspent == first_year.planned
    assert result.years[1].unspent == 0 and result.years[1].cost["apbd"] == result.years[1].planned


def test_a_large_budget_grows_by_at_most_the_capacity_a_month() -> None:
    assumptions = Assumptions(
        csr_per_year=5_000_000_000, bumd_per_year=1_000_000_000, dbhcht_per_year=12_000_000_000,
        apbd_per_year=15_000_000_000, enrolment_capacity_per_month=2_000,
    )  # fmt: skip
    result = project(KENDAL, assumptions, premiums=PREMIUMS, targets=TARGETS)
    funded = [sum(p.workers[s] for s in BUDGET_SOURCES) for p in result.months]
    assert funded[:4] == [0, 2_000, 4_000, 6_000]
    assert all(0 <= after - before <= 2_000 for before, after in pairwise(funded))
    # The capacity goes to the sources in SOURCES order: CSR first, until its money pays no more.
    assert result.months[1].workers == {"asn": 728, "mandiri": 13_449, "csr": 2_000, "bumd": 0, "dbhcht": 0, "apbd": 0}
    csr_full = 5_000_000_000 // 12 // 16_800  # 24,801 workers a month's CSR money pays
    month = next(p for p in result.months if p.workers["bumd"])
    assert month.workers["csr"] == csr_full and month.enrolled == 2_000
    # Each source's month pays whole premiums: 24,801 + 4,960 + 59,523 + 74,404 workers, which
    # 2,000 a month take 82 months to enrol (April 2032), not one (July 2025, before).
    assert funded[-1] == 163_688
    assert result.months[next(i for i, n in enumerate(funded) if n == 163_688)].month == YearMonth(2032, 4)
    assert result.target(2029) is not None and not result.target(2029).on_time  # type: ignore[union-attr]


def test_the_months_of_a_year_add_up_to_its_budget_in_whole_rupiah() -> None:
    for budget in (5_000_000_000, 1_000_000_000, 12_000_000_000, 15_000_000_000, 1_000_000_007, 11, 0):
        shares = [month_share(budget, YearMonth(2026, month)) for month in range(1, 13)]
        assert sum(shares) == budget and max(shares) - min(shares) <= 1
    assumptions = Assumptions(
        csr_per_year=5_000_000_000, bumd_per_year=1_000_000_000, dbhcht_per_year=12_000_000_000,
        apbd_per_year=15_000_000_000, new_sponsors_per_month=400, workers_per_sponsor=Decimal("1.5"),
        lapse_pct_per_month=Decimal("0.3"), informal_growth_pct=Decimal("0.5"), self_paying_growth_pct=Decimal(2),
        enrolment_capacity_per_month=3_500,
    )  # fmt: skip
    result = project(KENDAL, assumptions, premiums=PREMIUMS, targets=TARGETS)
    assert result.years[0].planned == 33_000_000_000 // 2  # July to December
    for year in result.years[1:]:
        assert year.planned == 33_000_000_000
    for year in result.years:
        assert sum(year.cost[s] for s in SOURCES) == year.cost_total
        assert year.budget_cost + year.unspent == year.planned
        amounts = [year.cost_total, year.planned, year.needed, year.gap, year.unspent, *year.cost.values()]
        assert not [a for a in amounts if str(a).endswith(("988", "994"))], (year.year, amounts)


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


def test_a_target_is_reached_when_enough_workers_are_enrolled_month_by_month() -> None:
    needed = 338_681 * 5164 // 10_000 + 1 - 14_177  # workers beyond the start for 51.64%
    budget = needed * 16_800 * 12
    assumptions = Assumptions(apbd_per_year=budget, enrolment_capacity_per_month=5_000)
    result = project(KENDAL, assumptions, premiums=PREMIUMS, targets=TARGETS)
    outcome = result.target(2029)
    # 160,718 more workers at 5,000 a month: 33 months from July 2025, not at once.
    assert needed == 160_718
    assert outcome is not None and outcome.reached == YearMonth(2028, 3) and outcome.on_time
    assert outcome.first_met == outcome.reached and outcome.fell_below is None
    assert result.target(2045) is not None and result.target(2045).reached is None  # type: ignore[union-attr]


def test_a_target_is_reached_from_the_month_it_stays_met_to_the_end() -> None:
    # Above the 2029 target at the start; self-payers lapse faster than the
    # budget enrols at first, so coverage dips below, then climbs back for good.
    start = replace(KENDAL, protected_workers=180_000)
    assumptions = Assumptions(
        lapse_pct_per_month=Decimal(1), apbd_per_year=200_000 * 16_800 * 12, enrolment_capacity_per_month=1_000
    )
    result = project(start, assumptions, premiums=PREMIUMS, targets=TARGETS[:1])
    outcome = result.targets[0]
    met = {p.month: p.protected * 100 >= Decimal("51.64") * p.informal_workers for p in result.months}
    assert outcome.first_met == KENDAL.month and met[KENDAL.month]
    assert any(not ok for ok in met.values()) and outcome.fell_below is None
    assert outcome.reached is not None and outcome.reached > KENDAL.month and not met[outcome.reached - 1]
    assert all(ok for month, ok in met.items() if month >= outcome.reached)


def test_a_target_met_but_lost_again_before_the_end_is_not_reached() -> None:
    start = replace(KENDAL, protected_workers=180_000)
    result = project(start, Assumptions(lapse_pct_per_month=Decimal(1)), premiums=PREMIUMS, targets=TARGETS[:1])
    outcome = result.targets[0]
    assert outcome.reached is None and not outcome.on_time
    assert outcome.first_met == KENDAL.month and outcome.fell_below == YearMonth(2025, 9)
    assert not outcome.met_at_deadline
    assert outcome.coverage_at_deadline is not None and outcome.coverage_at_deadline < Decimal("51.64")


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
    enrolment_capacity_per_month=st.integers(min_value=0, max_value=50_000),
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
        assert year.budget_cost + year.unspent == year.planned and year.unspent >= 0


@settings(max_examples=60, deadline=None)
@given(start=starts, assumptions=assumption_sets)
def test_budget_funded_workers_grow_by_at_most_the_capacity_and_never_cost_more_than_the_month_pays(
    start: StartPoint, assumptions: Assumptions
) -> None:
    result = project(start, assumptions, premiums=PREMIUMS, targets=TARGETS)
    funded = [sum(p.workers[s] for s in BUDGET_SOURCES) for p in result.months]
    assert all(after - before <= assumptions.enrolment_capacity_per_month for before, after in pairwise(funded))
    for point in result.months:
        assert 0 <= point.enrolled <= assumptions.enrolment_capacity_per_month
        for source in BUDGET_SOURCES:
            money = month_share(assumptions.budget(source), point.month) if point != result.months[0] else 0
            assert point.cost[source] <= money
