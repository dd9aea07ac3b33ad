"""Planner fixtures: Kendal's published figures as a scenario's input."""

from decimal import Decimal
from typing import Any

import pytest

from peduli.accounts.models import User
from peduli.core.months import YearMonth
from peduli.planner.services import ScenarioData, scenario_create
from peduli.regions.models import Region

KENDAL_JUNE_2025: dict[str, Any] = {
    "start_month": YearMonth(2025, 6),
    "informal_workers": 338_681,
    "protected_workers": 14_177,
    "civil_servants": 10_292,
    "sponsoring_civil_servants": 728,
    "workers_by_civil_servants": 728,
}


def kendal_data(name: str = "Status quo", **assumptions: Any) -> ScenarioData:
    return ScenarioData(name=name, **KENDAL_JUNE_2025, **assumptions)


@pytest.fixture
def scenario_factory(kendal: Region, admin: User) -> Any:
    """Makes scenarios from Kendal's June 2025 figures through the service."""

    def make(name: str = "Status quo", **assumptions: Any) -> Any:
        return scenario_create(actor=admin, data=kendal_data(name, **assumptions))

    return make


@pytest.fixture
def asn_push(scenario_factory: Any) -> Any:
    return scenario_factory(
        "Dorongan ASN", new_sponsors_per_month=250, lapse_pct_per_month=Decimal("0.5"),
        csr_per_year=6_000_000_000, dbhcht_per_year=12_000_000_000,
    )  # fmt: skip
