"""Shared by the open-data tests of the page, the API and the command."""

from collections.abc import Callable
from typing import Any

import pytest

from peduli.core.months import YearMonth
from peduli.regions.models import Region
from peduli.reporting.coverage.snapshots import snapshots_refresh
from peduli.reporting.models import InformalWorkerBaseline
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.support.records.ledger import pay

NOW = YearMonth.current()
# Words that would make a column about a person; no open dataset may have one.
PERSONAL = ("nama", "nik", "nip", "kpj", "tanggal_lahir", "alamat", "name", "birth")


@pytest.fixture
def paid_for(kendal: Region, company: Sponsor, nurse: Sponsor, worker_factory: Callable[..., Worker]) -> dict[str, Any]:
    """Two workers in district 33.24.01 (600 informal workers), one paid by a
    company and one by a nurse of the health office, since last month."""
    InformalWorkerBaseline.objects.create(
        regency=kendal, district_id="33.24.01", year=NOW.year, informal_workers=600, source="BPS"
    )
    workers = {}
    for n, sponsor in enumerate((company, nurse)):
        worker = worker_factory("33.24.01.2001", name=f"Sutinah Binti Karso {n}")
        sponsorship_start(actor=None, sponsor=sponsor, worker=worker, start=NOW - 1)
        pay(sponsor, 2 * 16_800, f"T-{n}")
        workers[sponsor.kind] = worker
    snapshots_refresh(regency=kendal)
    return workers
