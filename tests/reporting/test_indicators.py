"""The indicators, through the real services and the snapshot refresh."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from pytest_django.fixtures import Settings

from peduli.agencies.models import Agency, CivilServant
from peduli.bpjs.models import Member, MemberCount
from peduli.core.errors import ApplicationError
from peduli.core.models import SnapshotChange
from peduli.core.months import YearMonth
from peduli.ledger.coverage import coverage_sync
from peduli.regions.models import Region
from peduli.reporting.coverage.indicators import indicators_for
from peduli.reporting.coverage.places import agencies_participation, districts_coverage
from peduli.reporting.coverage.scopes import Scope, scope_parse
from peduli.reporting.coverage.snapshots import snapshots_are_fresh, snapshots_refresh
from peduli.reporting.coverage.trends import indicators_trend, target_trajectory
from peduli.reporting.models import InformalWorkerBaseline, Target
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.support.clock import first_day_overdue, last_day_to_pay
from tests.support.records.ledger import pay

NOW = YearMonth.current()
VILLAGE = "33.24.01.2001"  # in district 33.24.01
OTHER_VILLAGE = "33.24.15.1001"  # in district 33.24.15


def regency_now(kendal: Region, month: YearMonth = NOW) -> Any:
    snapshots_refresh(regency=kendal)
    return indicators_for(scope=Scope(kind="regency", regency=kendal), month=month)


def member(kendal: Region, nik: str, *, first: YearMonth, last: YearMonth, **extra: Any) -> Member:
    # What BPJS's list import (peduli.bpjs) records, written here directly to
    # give the indicators their input.
    return Member.objects.create(
        regency=kendal, nik=nik, first_month=first.first_day, last_month=last.first_day, **extra
    )


def covered(sponsor: Sponsor, worker: Any, *, start: YearMonth = NOW, reference: str) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=sponsor, worker=worker, start=start)
    months = start.months_until(NOW) + 1
    pay(sponsor, months * 16_800, reference)
    assert sponsorship.dues.filter(paid_amount=16_800).count() == months


@pytest.mark.calendar
def test_a_worker_sponsored_and_on_bpjs_list_counts_once(
    kendal: Region, company: Sponsor, worker_factory: Callable[..., Worker], today: Callable[..., date]
) -> None:
    today(first_day_overdue(NOW))  # only what is paid counts
    sponsored_and_listed = worker_factory(VILLAGE)
    sponsored_only = worker_factory(VILLAGE)
    listed_only = worker_factory(OTHER_VILLAGE)
    covered(company, sponsored_and_listed, reference="T-1")
    covered(company, sponsored_only, reference="T-2")
    member(kendal, sponsored_and_listed.nik, first=NOW - 3, last=NOW, worker=sponsored_and_listed)
    member(kendal, listed_only.nik, first=NOW - 3, last=NOW, worker=listed_only)
    member(kendal, "3324019999990001", first=NOW - 3, last=NOW, village_id=VILLAGE)  # not in the registry
    member(kendal, "3324019999990002", first=NOW - 6, last=NOW - 1)  # no longer active
    MemberCount.objects.create(regency=kendal, village_id=OTHER_VILLAGE, month=NOW.first_day, count=5)

    figures = regency_now(kendal)

    assert figures.workers_protected == 2 + 2 + 5
    by_source = {s.source: s.workers_protected for s in figures.by_funding_source}
    assert by_source == {"csr": 2, "mandiri": 2, "mandiri_agregat": 5}
    assert sum(by_source.values()) == figures.workers_protected
    districts = {p.region.code: p.workers_protected for p in districts_coverage(regency=kendal, month=NOW)}
    assert districts["33.24.01"] == 3 and districts["33.24.15"] == 6


@pytest.mark.calendar
def test_an_unpaid_due_protects_nobody_and_counts_as_arrears(
    kendal: Region, company: Sponsor, worker_factory: Callable[..., Worker], today: Callable[..., date]
) -> None:
    today(first_day_overdue(NOW))
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW - 1)
    pay(company, 16_800, "T-1")  # pays the older month only

    figures = regency_now(kendal)

    assert figures.workers_protected == 0
    assert (figures.dues_amount, figures.paid_amount) == (16_800, 0)
    assert figures.arrears_amount == 16_800
    last_month = indicators_for(scope=figures.scope, month=NOW - 1)
    assert (last_month.workers_protected, last_month.workers_new) == (1, 1)
    assert last_month.arrears_amount == 0


def test_civil_servants_participation_is_covered_workers_over_civil_servants(
    kendal: Region, nurse: Sponsor, person_factory: Callable[..., CivilServant], worker_factory: Callable[..., Worker]
) -> None:
    for n in range(3):
        person_factory("dinkes", name=f"Pegawai Dinkes {n}")
    person_factory("disdik", name="Guru")
    covered(nurse, worker_factory(), reference="GAJI-1")
    covered(nurse, worker_factory(), reference="GAJI-2")

    figures = regency_now(kendal)

    assert figures.civil_servants_total == 5
    assert figures.civil_servants_sponsoring == 1
    assert figures.workers_covered_by_civil_servants == 2
    assert figures.civil_servant_participation_pct == Decimal("40.00")
    assert figures.civil_servants_sponsoring_pct == Decimal("20.00")
    assert (figures.agencies_total, figures.agencies_participating) == (3, 1)
    league = agencies_participation(regency=kendal, month=NOW)
    assert [(row.agency.code, row.workers_covered) for row in league][:2] == [("DINKES", 2), ("DISDIK", 0)]
    dinkes = indicators_for(scope=scope_parse("agency:DINKES", regency=kendal), month=NOW)
    assert (dinkes.civil_servants_total, dinkes.workers_covered_by_civil_servants) == (4, 2)
    assert dinkes.civil_servant_participation_pct == Decimal("50.00")


def test_coverage_and_progress_to_target_come_from_the_baseline(
    kendal: Region, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    InformalWorkerBaseline.objects.create(
        regency=kendal, district_id="33.24.01", year=NOW.year, informal_workers=600, source="BPS"
    )
    InformalWorkerBaseline.objects.create(
        regency=kendal, district_id="33.24.15", year=NOW.year, informal_workers=400, source="BPS"
    )
    Target.objects.create(regency=kendal, year=NOW.year + 2, coverage_pct=Decimal("50.00"), legal_source="RPJMD")
    for n in range(3):
        covered(company, worker_factory(VILLAGE), reference=f"T-{n}")

    figures = regency_now(kendal)

    assert figures.informal_workers == 1000
    assert figures.coverage_pct == Decimal("0.30")
    target = figures.targets[0]
    assert (target.workers_at_target, target.gap_workers) == (500, 497)
    assert target.months_left == NOW.months_until(YearMonth(NOW.year + 2, 12))
    assert target.workers_needed_per_month == -(-497 // target.months_left)
    district = indicators_for(scope=scope_parse("district:33.24.01", regency=kendal), month=NOW)
    assert (district.informal_workers, district.workers_protected, district.coverage_pct) == (600, 3, Decimal("0.50"))
    document = figures.as_json()
    assert document["coverage_pct"] == 0.3 and document["informal_workers"] == 1000


@pytest.mark.calendar
def test_the_regency_and_district_figures_add_up_what_villages_and_agencies_count(
    kendal: Region, company: Sponsor, nurse: Sponsor, worker_factory: Callable[..., Worker], today: Callable[..., date]
) -> None:
    today(first_day_overdue(NOW))
    # The regency's and districts' figures come from the per-district summary,
    # villages' and agencies' from the facts under it: they must agree.
    covered(company, worker_factory(VILLAGE), start=NOW - 2, reference="T-1")
    covered(nurse, worker_factory(VILLAGE), reference="GAJI-1")
    covered(nurse, worker_factory(OTHER_VILLAGE), start=NOW - 1, reference="GAJI-2")
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(OTHER_VILLAGE), start=NOW)  # unpaid
    member(kendal, "3324019999990001", first=NOW - 3, last=NOW)  # no village known
    MemberCount.objects.create(regency=kendal, village_id=OTHER_VILLAGE, month=NOW.first_day, count=4)

    def figures(text: str, month: YearMonth = NOW) -> Any:
        return indicators_for(scope=scope_parse(text, regency=kendal), month=month)

    regency = regency_now(kendal)

    fields = ("workers_protected", "workers_new", "dues_amount", "paid_amount", "arrears_amount")
    district_codes = ["33.24.01", "33.24.15"]
    villages = [figures(f"village:{code}") for code in (VILLAGE, OTHER_VILLAGE)]
    districts = [figures(f"district:{code}") for code in district_codes]
    for field in fields:
        assert [getattr(d, field) for d in districts] == [getattr(v, field) for v in villages], field
    assert (regency.workers_protected, regency.workers_new) == (3 + 1 + 4, 1)  # GAJI-1 began this month
    assert regency.arrears_amount == sum(d.arrears_amount for d in districts) == 16_800
    ranking = {p.region.code: p.workers_protected for p in districts_coverage(regency=kendal, month=NOW)}
    assert [ranking[code] for code in district_codes] == [d.workers_protected for d in districts] == [2, 5]
    by_agency = figures("agency:DINKES")
    assert by_agency.workers_protected == 2
    trend = indicators_trend(scope=regency.scope, first=NOW - 2, last=NOW)
    assert (
        [p.workers_protected for p in trend]
        == [figures("regency", month).workers_protected for month in (NOW - 2, NOW - 1, NOW)]
        == [2, 3, 8]
    )


def test_the_target_trajectory_runs_from_the_baseline_month_to_each_target(
    kendal: Region, settings: Settings, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    settings.PEDULI_TARGET_BASELINE_MONTH = str(NOW)
    InformalWorkerBaseline.objects.create(regency=kendal, year=NOW.year, informal_workers=100, source="BPS")
    for n in range(10):
        covered(company, worker_factory(), reference=f"T-{n}")
    snapshots_refresh(regency=kendal)

    points = {p.year: p for p in target_trajectory(regency=kendal)}

    assert points[NOW.year].coverage_pct == Decimal("10.00")
    assert points[2029].coverage_pct == Decimal("51.64") and points[2029].is_target
    assert points[2045].coverage_pct == Decimal("64.74")
    assert Decimal("51.64") < points[2037].coverage_pct < Decimal("64.74")
    trend = indicators_trend(scope=Scope(kind="regency", regency=kendal), first=NOW - 2, last=NOW)
    assert [p.workers_protected for p in trend] == [0, 0, 10]
    assert trend[-1].target_pct == Decimal("10.00") and trend[0].target_pct is None


def test_a_payment_marks_the_snapshots_stale_and_the_refresh_rebuilds_from_the_month_it_paid(
    kendal: Region, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW - 5)
    assert regency_now(kendal).workers_protected == 0
    assert snapshots_are_fresh(kendal)

    pay(company, 16_800, "T-1")  # pays the oldest month

    assert not snapshots_are_fresh(kendal)
    assert SnapshotChange.objects.filter(since=(NOW - 5).first_day).exists()
    assert snapshots_refresh(regency=kendal) == 6
    assert indicators_for(scope=Scope(kind="regency", regency=kendal), month=NOW - 5).workers_protected == 1
    assert snapshots_are_fresh(kendal)
    assert snapshots_refresh(regency=kendal) == 0


@pytest.mark.calendar
def test_lapsed_workers_are_counted_in_the_month_they_lapse(
    kendal: Region, company: Sponsor, worker_factory: Callable[..., Worker], today: Callable[..., date]
) -> None:
    today(last_day_to_pay(NOW))
    worker = worker_factory()
    sponsorship_start(actor=None, sponsor=company, worker=worker, start=NOW - 3)
    pay(company, 16_800, "T-1")  # the oldest month only, then three unpaid
    today(first_day_overdue(NOW))
    assert coverage_sync().lapsed == [worker.pk]

    figures = regency_now(kendal)

    assert figures.workers_lapsed == 1


@pytest.mark.parametrize("text", ["kabupaten", "district:33.99.01", "agency:NOPE", "village:"])
def test_an_unknown_scope_is_refused_in_indonesian(kendal: Region, agencies: dict[str, Agency], text: str) -> None:
    with pytest.raises(ApplicationError) as refused:
        scope_parse(text, regency=kendal)
    assert refused.value.field == "scope"


def test_a_new_civil_servant_marks_the_snapshots_stale_and_the_command_rebuilds_them(
    kendal: Region, person_factory: Callable[..., CivilServant]
) -> None:
    person_factory("dinkes")
    call_command("refresh_snapshots", "--all", stdout=StringIO())
    assert snapshots_are_fresh(kendal)
    before = regency_now(kendal).civil_servants_total

    person_factory("disdik")

    assert not snapshots_are_fresh(kendal)
    output = StringIO()
    call_command("refresh_snapshots", stdout=output)
    assert "diperbarui" in output.getvalue()
    assert indicators_for(scope=Scope(kind="regency", regency=kendal), month=NOW).civil_servants_total == before + 1
