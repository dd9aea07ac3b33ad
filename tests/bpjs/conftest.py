"""Fixtures of the BPJS tests: sponsored workers and a BPJS officer."""

from collections.abc import Callable
from typing import Any

import pytest

from peduli.accounts.models import User
from peduli.bpjs.models import RegistrationTemplate
from peduli.bpjs.registration_fields import registration_template_ensure
from peduli.core.months import YearMonth
from peduli.regions.models import Region
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker


@pytest.fixture
def sponsored(worker_factory: Callable[..., Worker], company: Sponsor) -> Callable[..., list[Worker]]:
    """Makes `n` verified workers the CSR company pays for from this month."""
    # A transactional test flushes the migration's template; put it back.
    registration_template_ensure(RegistrationTemplate)

    def make(n: int, **extra: Any) -> list[Worker]:
        workers = [worker_factory(**extra) for _ in range(n)]
        for worker in workers:
            sponsorship_start(actor=None, sponsor=company, worker=worker, start=YearMonth.current())
        return workers

    return make


@pytest.fixture
def officer(kendal: Region, user_factory: Callable[..., User]) -> User:
    """A BPJS Ketenagakerjaan officer."""
    registration_template_ensure(RegistrationTemplate)  # flushed by a transactional test
    return user_factory("bpjs_officer")
