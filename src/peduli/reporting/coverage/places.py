"""Figures side by side: every district's or village's coverage, every agency's participation."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from peduli.agencies.models import Agency
from peduli.core.months import YearMonth
from peduli.regions.models import Region
from peduli.reporting.baselines.selectors import informal_workers_by_district
from peduli.reporting.coverage.indicators import percent
from peduli.reporting.coverage.scopes import Scope, scope_agencies
from peduli.reporting.models import CivilServantFact, CoverageFact, CoverageSummary


@dataclass(frozen=True)
class PlaceCoverage:
    region: Region
    informal_workers: int | None
    workers_protected: int
    coverage_pct: Decimal | None


@dataclass(frozen=True)
class AgencyParticipation:
    agency: Agency
    civil_servants_total: int
    civil_servants_sponsoring: int
    workers_covered: int
    participation_pct: Decimal | None


def districts_coverage(*, regency: Region, month: YearMonth) -> list[PlaceCoverage]:
    """Every district of the regency, highest coverage first (then most
    protected)."""
    return _places_coverage(regency=regency, parent=regency, month=month)


def villages_coverage(*, district: Region, month: YearMonth) -> list[PlaceCoverage]:
    regency = district.parent
    assert regency is not None
    return _places_coverage(regency=regency, parent=district, month=month)


def _places_coverage(*, regency: Region, parent: Region, month: YearMonth) -> list[PlaceCoverage]:
    day = month.first_day
    counts: dict[Any, int]
    if parent.pk == regency.pk:
        counts = dict(
            CoverageSummary.objects.filter(regency=regency, month=day)
            .values("district")
            .annotate(n=Sum("protected"))
            .values_list("district", "n")
        )
        informal = informal_workers_by_district(regency=regency, year=month.year)
    else:
        counts = dict(
            CoverageFact.objects.filter(regency=regency, month=day, village__parent=parent)
            .values("village")
            .annotate(n=Sum("protected"))
            .values_list("village", "n")
        )
        informal = {}
    places = []
    for region in Region.objects.filter(parent=parent).order_by("code"):
        protected = counts.get(region.pk, 0)
        workers = informal.get(region.pk)
        places.append(PlaceCoverage(region, workers, protected, percent(protected, workers)))
    places.sort(key=lambda p: (-(p.coverage_pct or Decimal(-1)), -p.workers_protected, p.region.code))
    return places


def agencies_participation(*, regency: Region, month: YearMonth) -> list[AgencyParticipation]:
    """Every agency in office in `month`, the best participation first."""
    facts = {f.agency_id: f for f in CivilServantFact.objects.filter(regency=regency, month=month.first_day)}
    rows = []
    for agency in scope_agencies(Scope(kind="regency", regency=regency), month).order_by("code"):
        fact = facts.get(agency.pk)
        total = fact.civil_servants if fact else 0
        covered = fact.workers_covered if fact else 0
        rows.append(
            AgencyParticipation(
                agency=agency,
                civil_servants_total=total,
                civil_servants_sponsoring=fact.sponsoring if fact else 0,
                workers_covered=covered,
                participation_pct=percent(covered, total),
            )
        )
    rows.sort(key=lambda r: (-(r.participation_pct or Decimal(-1)), -r.workers_covered, r.agency.code))
    return rows
