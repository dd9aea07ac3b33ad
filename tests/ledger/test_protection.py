"""One meaning of "protected" (ledger.coverage): the workers whose status is
protected are exactly those the current month's figures count, before and
after this month's premium is due, whether a sponsor paid or BPJS lists them."""

from collections.abc import Callable
from datetime import date

import pytest

from peduli.bpjs.models import Member
from peduli.core.months import YearMonth
from peduli.ledger.coverage import coverage_sync, worker_ids_protected
from peduli.regions.models import Region
from peduli.reporting.coverage.indicators import indicators_for
from peduli.reporting.coverage.scopes import Scope
from peduli.reporting.coverage.snapshots import snapshots_refresh
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.support.clock import first_day_overdue, last_day_to_pay
from tests.support.records.ledger import pay

NOW = YearMonth.current()


def listed(kendal: Region, worker: Worker, *, last: YearMonth) -> None:
    Member.objects.create(
        regency=kendal, nik=worker.nik, worker=worker, first_month=(NOW - 6).first_day, last_month=last.first_day
    )


@pytest.fixture
def programme(
    kendal: Region, company: Sponsor, nurse: Sponsor, worker_factory: Callable[..., Worker]
) -> dict[str, Worker]:
    """Six workers: paid this month; paid through last month; never paid;
    on BPJS's list through last month; on it this month; no one's."""
    workers = {name: worker_factory(name=f"Pekerja {name}") for name in
               ("paid", "paid_last_month", "unpaid", "listed_last_month", "listed", "alone")}  # fmt: skip
    sponsorship_start(actor=None, sponsor=company, worker=workers["paid"], start=NOW - 1)
    pay(company, 2 * 16_800, "T-PAID")
    sponsorship_start(actor=None, sponsor=nurse, worker=workers["paid_last_month"], start=NOW - 1)
    pay(nurse, 16_800, "T-LAST")
    sponsorship_start(actor=None, sponsor=company, worker=workers["unpaid"], start=NOW - 1)
    listed(kendal, workers["listed_last_month"], last=NOW - 1)
    listed(kendal, workers["listed"], last=NOW)
    return workers


def names(ids: set[int]) -> set[str]:
    return set(Worker.objects.filter(pk__in=ids).values_list("name", flat=True))


def status_and_figures(kendal: Region) -> tuple[set[str], int]:
    coverage_sync()
    snapshots_refresh(regency=kendal, force=True)
    protected = set(Worker.objects.filter(status=Worker.Status.PROTECTED).values_list("pk", flat=True))
    figures = indicators_for(scope=Scope(kind="regency", regency=kendal), month=NOW)
    assert protected == worker_ids_protected()
    assert len(protected) == figures.workers_protected
    return names(protected), figures.workers_protected


@pytest.mark.calendar
def test_status_and_figures_agree_before_this_months_premium_is_due(
    kendal: Region, programme: dict[str, Worker], today: Callable[..., date]
) -> None:
    today(last_day_to_pay(NOW))
    protected, counted = status_and_figures(kendal)
    assert protected == {"Pekerja paid", "Pekerja paid_last_month", "Pekerja listed_last_month", "Pekerja listed"}
    assert counted == 4


@pytest.mark.calendar
def test_status_and_figures_agree_once_it_is_overdue(
    kendal: Region, programme: dict[str, Worker], today: Callable[..., date]
) -> None:
    today(first_day_overdue(NOW))
    protected, counted = status_and_figures(kendal)
    assert protected == {"Pekerja paid", "Pekerja listed"} and counted == 2
    statuses = dict(Worker.objects.values_list("name", "status"))
    assert statuses["Pekerja paid_last_month"] == statuses["Pekerja unpaid"] == Worker.Status.ARREARS
    assert statuses["Pekerja alone"] == Worker.Status.VERIFIED
