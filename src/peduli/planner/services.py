"""Every change to the planner's scenarios. Only planners (the labour office
and the regent's office) write them; starting figures left empty are taken
from the reporting indicators of the start month, an enrolment capacity left
empty from the registry's history (`selectors.enrolment_capacity_default`)."""

from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, require_role
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.planner.models import Scenario
from peduli.planner.projection import HORIZON_YEAR, PCT_PER_YEAR, PER_MONTH
from peduli.planner.selectors import enrolment_capacity_default, start_figures
from peduli.regions.models import Region
from peduli.regions.selectors import instance_regency

START_FIELDS = (
    "informal_workers",
    "protected_workers",
    "civil_servants",
    "sponsoring_civil_servants",
    "workers_by_civil_servants",
)
FIRST_YEAR = 2015
# (field, lowest, highest) of the percentages and ratios a user types.
RANGES = (
    ("sponsors_pct_per_year", Decimal(0), Decimal(100)),
    ("workers_per_sponsor", Decimal(0), Decimal(20)),
    ("self_paying_growth_pct", Decimal(-50), Decimal(100)),
    ("informal_growth_pct", Decimal(-20), Decimal(20)),
    ("lapse_pct_per_month", Decimal(0), Decimal(50)),
)


@dataclass(frozen=True)
class ScenarioData:
    name: str
    start_month: YearMonth
    description: str = ""
    informal_workers: int | None = None
    protected_workers: int | None = None
    civil_servants: int | None = None
    sponsoring_civil_servants: int | None = None
    workers_by_civil_servants: int | None = None
    civil_servant_growth: str = PER_MONTH
    new_sponsors_per_month: int = 0
    sponsors_pct_per_year: Decimal = Decimal(0)
    workers_per_sponsor: Decimal = Decimal(1)
    csr_per_year: int = 0
    bumd_per_year: int = 0
    dbhcht_per_year: int = 0
    apbd_per_year: int = 0
    self_paying_growth_pct: Decimal = Decimal(0)
    informal_growth_pct: Decimal = Decimal(0)
    lapse_pct_per_month: Decimal = Decimal(0)
    enrolment_capacity_per_month: int | None = None


def scenario_data_of(scenario: Scenario) -> ScenarioData:
    """What a scenario holds, as the services' input (to change one field of it)."""
    values = {field.name: getattr(scenario, field.name) for field in fields(ScenarioData)}
    return ScenarioData(**{**values, "start_month": scenario.start})


def _filled(data: ScenarioData, regency: Region) -> ScenarioData:
    """Empty starting figures taken from the indicators of the start month,
    an empty enrolment capacity from the registry's history."""
    if data.enrolment_capacity_per_month is None:
        data = replace(data, enrolment_capacity_per_month=enrolment_capacity_default(regency).value)
    empty = [name for name in START_FIELDS if getattr(data, name) is None]
    if not empty:
        return data
    figures = start_figures(regency, data.start_month)
    known = figures.as_initial() if figures is not None else {}
    found: dict[str, Any] = {name: known[name] for name in empty if name in known}
    data = replace(data, **found)
    still = [name for name in START_FIELDS if getattr(data, name) is None]
    if still:
        raise ApplicationError(
            _("Angka %(month)s belum tersedia dari laporan; isi angka awal secara manual.")
            % {"month": data.start_month.label},
            field=still[0],
        )
    return data


def _check(data: ScenarioData) -> None:
    if not data.name.strip():
        raise ApplicationError(_("Beri nama skenario."), field="name")
    if not FIRST_YEAR <= data.start_month.year <= HORIZON_YEAR:
        raise ApplicationError(
            _("Bulan awal harus antara tahun %(first)s dan %(last)s.") % {"first": FIRST_YEAR, "last": HORIZON_YEAR},
            field="start_month",
        )
    for name in ("informal_workers", "protected_workers", "civil_servants", "sponsoring_civil_servants",
                 "workers_by_civil_servants", "new_sponsors_per_month", "csr_per_year", "bumd_per_year",
                 "dbhcht_per_year", "apbd_per_year", "enrolment_capacity_per_month"):  # fmt: skip
        if int(getattr(data, name)) < 0:
            raise ApplicationError(_("Angka tidak boleh negatif."), field=name)
    if not data.informal_workers:
        raise ApplicationError(_("Jumlah pekerja informal harus lebih dari nol."), field="informal_workers")
    if int(data.protected_workers or 0) > data.informal_workers:
        raise ApplicationError(
            _("Pekerja terlindungi tidak boleh melebihi jumlah pekerja informal."), field="protected_workers"
        )
    if int(data.workers_by_civil_servants or 0) > int(data.protected_workers or 0):
        raise ApplicationError(
            _("Pekerja yang dibiayai ASN termasuk pekerja terlindungi, jadi tidak boleh lebih banyak."),
            field="workers_by_civil_servants",
        )
    if int(data.sponsoring_civil_servants or 0) > int(data.civil_servants or 0):
        raise ApplicationError(
            _("ASN donatur tidak boleh melebihi jumlah seluruh ASN."), field="sponsoring_civil_servants"
        )
    if data.civil_servant_growth not in (PER_MONTH, PCT_PER_YEAR):
        raise ApplicationError(_("Pilih cara pertumbuhan ASN donatur."), field="civil_servant_growth")
    for name, low, high in RANGES:
        if not low <= Decimal(getattr(data, name)) <= high:
            raise ApplicationError(_("Isi angka antara %(low)s dan %(high)s.") % {"low": low, "high": high}, field=name)


def _apply(scenario: Scenario, data: ScenarioData) -> None:
    for field in fields(ScenarioData):
        value = getattr(data, field.name)
        if field.name == "start_month":
            value = value.first_day
        elif isinstance(value, str):
            value = value.strip()
        setattr(scenario, field.name, value)


@transaction.atomic
def scenario_create(*, actor: User | None, data: ScenarioData, regency: Region | None = None) -> Scenario:
    """A new scenario of the regency (the instance's when not given)."""
    require_role(actor, Capability.PLAN)
    regency = regency or instance_regency()
    data = _filled(data, regency)
    _check(data)
    scenario = Scenario(regency=regency, created_by=actor)
    _apply(scenario, data)
    scenario._history_user = actor  # type: ignore[attr-defined]
    scenario.save()
    return scenario


@transaction.atomic
def scenario_update(*, actor: User | None, scenario: Scenario, data: ScenarioData) -> Scenario:
    require_role(actor, Capability.PLAN)
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    data = _filled(data, scenario.regency)
    _check(data)
    _apply(scenario, data)
    scenario._history_user = actor  # type: ignore[attr-defined]
    scenario.save()
    return scenario


@transaction.atomic
def scenario_delete(*, actor: User | None, scenario: Scenario) -> None:
    """Remove a scenario; its history keeps what it was."""
    require_role(actor, Capability.PLAN)
    scenario._history_user = actor  # type: ignore[attr-defined]
    scenario.delete()
