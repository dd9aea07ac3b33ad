"""Reading the figures never writes (both databases): a regency never
refreshed has no state row, and nobody reading it makes one."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from peduli.accounts.models import User
from peduli.core.months import YearMonth
from peduli.regions.models import Region
from peduli.reporting.coverage.indicators import indicators_for
from peduli.reporting.coverage.scopes import Scope
from peduli.reporting.coverage.snapshots import snapshots_are_fresh, snapshots_refresh, snapshots_refreshed_at
from peduli.reporting.models import SnapshotState
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.support.records.ledger import pay

MONTH = YearMonth(2026, 6)
WRITE = re.compile(r"\b(INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM)\b", re.IGNORECASE)


def writes_of(read: Any) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        read()
    return [query["sql"] for query in queries if WRITE.search(query["sql"])]


@pytest.fixture
def sponsored(kendal: Region, company: Sponsor, worker_factory: Callable[..., Worker]) -> Region:
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory("33.24.01.2001"), start=MONTH)
    pay(company, 16_800, "T-1")  # pays MONTH, the oldest due
    return kendal


def read_everything(regency: Region, admin: User) -> dict[str, Any]:
    client = Client()
    client.force_login(admin)
    seen: dict[str, Any] = {}

    def read() -> None:
        seen["fresh"] = snapshots_are_fresh(regency)
        seen["refreshed_at"] = snapshots_refreshed_at(regency)
        seen["protected"] = indicators_for(scope=Scope(kind="regency", regency=regency), month=MONTH).workers_protected
        seen["dashboard"] = client.get(f"/laporan/?bulan={MONTH}").status_code

    seen["writes"] = writes_of(read)
    return seen


@pytest.mark.django_db
def test_reading_the_figures_of_a_regency_never_refreshed_writes_nothing(sponsored: Region, admin: User) -> None:
    seen = read_everything(sponsored, admin)
    assert seen == {"fresh": False, "refreshed_at": None, "protected": 0, "dashboard": 200, "writes": []}
    assert not SnapshotState.objects.filter(regency=sponsored).exists()


@pytest.mark.django_db
def test_reading_refreshed_figures_writes_nothing(sponsored: Region, admin: User) -> None:
    snapshots_refresh(regency=sponsored)
    state = SnapshotState.objects.get(regency=sponsored)
    seen = read_everything(sponsored, admin)
    assert (seen["fresh"], seen["refreshed_at"], seen["protected"]) == (True, state.refreshed_at, 1)
    assert (seen["dashboard"], seen["writes"]) == (200, [])
