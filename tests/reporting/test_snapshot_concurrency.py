"""Snapshot refreshes under real concurrent transactions (PostgreSQL only),
as two task workers run them: the regency's lock makes them take turns, and
a change committed while one runs is counted once the queue drains."""

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection

from peduli.core.models import SnapshotChange
from peduli.core.months import YearMonth
from peduli.regions.models import Region
from peduli.reporting.coverage.indicators import indicators_for
from peduli.reporting.coverage.scopes import Scope
from peduli.reporting.coverage.snapshots import snapshots_are_fresh, snapshots_refresh
from peduli.reporting.models import CivilServantFact, CoverageFact, CoverageSummary
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.support.concurrency import WAIT, at_once, held_open, own_connection, until_done_or_waiting
from tests.support.records.ledger import pay

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite runs one writer at a time (BEGIN IMMEDIATE): there is no concurrent transaction to test.",
    ),
    pytest.mark.django_db(transaction=True),
]

MONTH = YearMonth(2026, 6)
PREMIUM = 16_800
VILLAGES = ("33.24.01.2001", "33.24.01.2001", "33.24.15.1001")


def snapshot_rows() -> Counter[tuple[Any, ...]]:
    """Every snapshot row without its id, as a multiset: a key written twice counts twice."""
    rows: Counter[tuple[Any, ...]] = Counter()
    for model in (CoverageFact, CoverageSummary, CivilServantFact):
        fields = [field.attname for field in model._meta.concrete_fields if not field.primary_key]
        rows.update((model.__name__, *row) for row in model.objects.values_list(*fields))
    return rows


def protected_in(regency: Region, month: YearMonth) -> int:
    return indicators_for(scope=Scope(kind="regency", regency=regency), month=month).workers_protected


@pytest.fixture
def sponsored(kendal: Region, company: Sponsor, nurse: Sponsor, worker_factory: Callable[..., Worker]) -> Region:
    """Three workers sponsored from MONTH by a company and a civil servant,
    MONTH paid for two of them; the payments' tasks refreshed the snapshots."""
    for village, sponsor in zip(VILLAGES, (company, company, nurse), strict=True):
        sponsorship_start(actor=None, sponsor=sponsor, worker=worker_factory(village), start=MONTH)
    pay(company, PREMIUM, "T-1")
    pay(nurse, PREMIUM, "T-2")
    assert snapshots_are_fresh(kendal) and protected_in(kendal, MONTH) == 2
    return kendal


def test_two_refreshes_of_a_regency_at_once_leave_exactly_what_one_leaves(
    sponsored: Region, pool: ThreadPoolExecutor
) -> None:
    one_refresh = snapshot_rows()
    assert one_refresh and max(one_refresh.values()) == 1

    def refresh() -> int:
        return snapshots_refresh(regency=sponsored, force=True)

    # Certainly overlapping: the second starts while the first holds its
    # transaction open, and waits for the regency's lock.
    with held_open(pool, refresh) as first:
        second = pool.submit(own_connection(refresh))
        until_done_or_waiting(second)
        assert not second.done(), "the second refresh ran beside the first instead of waiting for the lock"
    assert first.result(timeout=WAIT) == second.result(timeout=WAIT) > 0
    assert snapshot_rows() == one_refresh

    # And started at the same moment, several times over.
    for _round in range(3):
        futures = at_once(pool, refresh, refresh, refresh)
        assert [future.exception() for future in futures] == [None] * 3
        assert snapshot_rows() == one_refresh


def test_a_change_committed_while_a_refresh_runs_is_counted_once_the_queue_drains(
    sponsored: Region, company: Sponsor, pool: ThreadPoolExecutor
) -> None:
    """A payment commits (and its task runs, on the immediate backend) while a
    refresh holds the regency's lock: its task finds the lock taken and
    returns, leaving the mark; the running refresh, once committed, finds the
    mark and enqueues the task again, which counts the payment. Nobody runs
    `peduli report`."""
    with held_open(pool, lambda: snapshots_refresh(regency=sponsored, force=True)) as refreshing:
        # The payment waits for nothing the refresh holds.
        pool.submit(own_connection(lambda: pay(company, PREMIUM, "T-3"))).result(timeout=WAIT)
        assert SnapshotChange.objects.filter(regency=sponsored).exists()
        assert protected_in(sponsored, MONTH) == 2
    refreshing.result(timeout=WAIT)
    assert not SnapshotChange.objects.filter(regency=sponsored).exists()
    assert snapshots_are_fresh(sponsored) and protected_in(sponsored, MONTH) == 3
