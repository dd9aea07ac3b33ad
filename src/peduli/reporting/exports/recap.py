"""The monthly recap (rekapitulasi bulanan): every figure the PDF and xlsx
recap print, gathered once from the indicators so both documents say the same.

Sections adapt to the scope: the regency sees every district and agency; a
district sees the districts with itself marked, and its villages; an agency
sees the agencies' ranking with itself marked and no place breakdown (its
civil servants' workers have no denominator of their own).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from peduli.core.formatting import number as figure
from peduli.core.formatting import rupiah
from peduli.core.months import YearMonth
from peduli.reporting.coverage.indicators import MonthlyIndicators, indicators_for
from peduli.reporting.coverage.places import (
    AgencyParticipation,
    PlaceCoverage,
    agencies_participation,
    districts_coverage,
    villages_coverage,
)
from peduli.reporting.coverage.scopes import Scope
from peduli.reporting.coverage.trends import TrajectoryPoint, TrendPoint, indicators_trend, target_trajectory

TREND_MONTHS = 12
COUNT, PERCENT, MONEY = "count", "percent", "money"
TITLE = "Rekapitulasi Bulanan Gerakan ASN Peduli Pekerja Rentan"


@dataclass(frozen=True)
class HeadlineRow:
    """One line of the headline table: this month, last month, the change.
    Percentages change in percentage points."""

    label: str
    current: int | Decimal | None
    previous: int | Decimal | None
    kind: str = COUNT

    @property
    def change(self) -> int | Decimal | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def current_text(self) -> str:
        return _written(self.current, self.kind)

    @property
    def previous_text(self) -> str:
        return _written(self.previous, self.kind)

    @property
    def change_text(self) -> str:
        """'+1.234', '-0,35 poin', '+Rp 16.800', '0'."""
        change = self.change
        if change is None:
            return "–"
        if not change:
            return "0"
        sign, size = ("+", change) if change > 0 else ("-", -change)
        if self.kind == PERCENT:
            return f"{sign}{figure(size, 2)} poin"
        return f"{sign}{_written(size, self.kind)}"


def _written(value: int | Decimal | None, kind: str) -> str:
    if value is None:
        return "–"
    if kind == PERCENT:
        return f"{figure(value, 2)}%"
    if kind == MONEY:
        return rupiah(int(value))
    return figure(value)


@dataclass(frozen=True)
class YearPoint:
    """The long view: the trajectory's value at the end of a year and, for
    years that have begun, the actual coverage (December, or the recap month)."""

    year: int
    target_pct: Decimal
    is_target: bool
    actual_pct: Decimal | None


@dataclass(frozen=True)
class Signatory:
    position: str
    name: str
    nip: str
    place: str


@dataclass(frozen=True)
class Recap:
    scope: Scope
    month: YearMonth
    current: MonthlyIndicators
    previous: MonthlyIndicators
    headline: tuple[HeadlineRow, ...]
    trend: tuple[TrendPoint, ...]
    years: tuple[YearPoint, ...]
    districts: tuple[PlaceCoverage, ...]
    villages: tuple[PlaceCoverage, ...]
    agencies: tuple[AgencyParticipation, ...]
    signatory: Signatory

    @property
    def title(self) -> str:
        return f"{TITLE} — {self.month.label}"

    @property
    def net_change(self) -> int:
        """Protected workers gained (or lost) since last month."""
        return self.current.workers_protected - self.previous.workers_protected

    @property
    def net_change_size(self) -> int:
        return abs(self.net_change)

    @property
    def has_coverage(self) -> bool:
        """Whether the scope has an informal-worker denominator (regency, district)."""
        return self.current.informal_workers is not None

    @property
    def districts_have_coverage(self) -> bool:
        return any(p.coverage_pct is not None for p in self.districts)

    def is_marked(self, place_or_agency: PlaceCoverage | AgencyParticipation) -> bool:
        """Whether a row is the scope's own (printed bold, bar in another colour)."""
        if isinstance(place_or_agency, AgencyParticipation):
            return self.scope.agency is not None and place_or_agency.agency.pk == self.scope.agency.pk
        region = self.scope.region
        if region is None:
            return False
        own = region if self.scope.kind == "district" else region.parent
        return own is not None and place_or_agency.region.pk == own.pk


def headline_rows(now: MonthlyIndicators, before: MonthlyIndicators) -> tuple[HeadlineRow, ...]:
    # A scope without a denominator (an agency, a village) or without civil
    # servants of its own (a village) leaves those lines out rather than print dashes.
    has_coverage = now.informal_workers is not None
    has_civil_servants = now.civil_servants_total > 0
    rows = []
    if has_coverage:
        rows.append(HeadlineRow(_("Pekerja informal (penyebut)"), now.informal_workers, before.informal_workers))
    rows.append(HeadlineRow(_("Pekerja rentan terlindungi"), now.workers_protected, before.workers_protected))
    if has_coverage:
        rows.append(HeadlineRow(_("Cakupan perlindungan"), now.coverage_pct, before.coverage_pct, PERCENT))
    rows += [
        HeadlineRow(_("Pekerja baru terlindungi"), now.workers_new, before.workers_new),
        HeadlineRow(_("Pekerja menunggak (nonaktif)"), now.workers_lapsed, before.workers_lapsed),
        HeadlineRow(_("Kepesertaan berakhir"), now.workers_ended, before.workers_ended),
    ]
    if has_civil_servants:
        rows += [
            HeadlineRow(_("Jumlah ASN"), now.civil_servants_total, before.civil_servants_total),
            HeadlineRow(_("ASN yang berdonasi"), now.civil_servants_sponsoring, before.civil_servants_sponsoring),
        ]
    rows.append(
        HeadlineRow(
            _("Pekerja dibiayai ASN"), now.workers_covered_by_civil_servants, before.workers_covered_by_civil_servants
        )
    )
    if has_civil_servants:
        rows.append(
            HeadlineRow(
                _("Partisipasi ASN (pekerja dibiayai ÷ jumlah ASN)"),
                now.civil_servant_participation_pct,
                before.civil_servant_participation_pct,
                PERCENT,
            )
        )
    if now.agencies_total > 1:
        rows.append(HeadlineRow(_("OPD berpartisipasi"), now.agencies_participating, before.agencies_participating))
    rows += [
        HeadlineRow(_("Iuran bulan berjalan"), now.dues_amount, before.dues_amount, MONEY),
        HeadlineRow(_("Iuran terbayar"), now.paid_amount, before.paid_amount, MONEY),
        HeadlineRow(_("Tunggakan s.d. bulan ini"), now.arrears_amount, before.arrears_amount, MONEY),
        HeadlineRow(_("Disetor ke BPJS Ketenagakerjaan"), now.remitted_amount, before.remitted_amount, MONEY),
    ]
    return tuple(rows)


def _trend(scope: Scope, month: YearMonth) -> tuple[TrendPoint, ...]:
    """The last twelve months, without the empty months before the data starts."""
    points = indicators_trend(scope=scope, first=month - (TREND_MONTHS - 1), last=month)
    while len(points) > 2 and not points[0].workers_protected:
        points = points[1:]
    return tuple(points)


def _years(scope: Scope, month: YearMonth, trajectory: list[TrajectoryPoint]) -> tuple[YearPoint, ...]:
    if not trajectory:
        return ()
    first = YearMonth(trajectory[0].year, 12)
    actual: dict[int, Decimal | None] = {}
    if first <= month:
        for point in indicators_trend(scope=scope, first=first, last=month):
            if point.month.month == 12 or point.month == month:
                actual[point.month.year] = point.coverage_pct
    return tuple(YearPoint(t.year, t.coverage_pct, t.is_target, actual.get(t.year)) for t in trajectory)


def _town(regency_name: str) -> str:
    """'KABUPATEN KENDAL' → 'Kendal', for the place line over the signature."""
    name = regency_name.title()
    for prefix in ("Kabupaten ", "Kab. ", "Kota "):
        name = name.removeprefix(prefix)
    return name


def signatory_for(scope: Scope) -> Signatory:
    """Who signs: the labour office's head for a place, the agency's head for an
    agency. Names and NIPs come from settings when the instance set them."""
    place = getattr(settings, "PEDULI_SIGNING_PLACE", "") or _town(scope.regency.name)
    if scope.agency is not None:
        return Signatory(f"Kepala {scope.agency.name}", "", "", place)
    return Signatory(
        f"Kepala {settings.PEDULI_OFFICE_NAME}",
        getattr(settings, "PEDULI_OFFICE_HEAD_NAME", ""),
        getattr(settings, "PEDULI_OFFICE_HEAD_NIP", ""),
        place,
    )


def recap_build(*, scope: Scope, month: YearMonth) -> Recap:
    """Every figure of the recap of `scope` for `month`. The caller has
    checked the reader may see the scope."""
    current = indicators_for(scope=scope, month=month)
    previous = indicators_for(scope=scope, month=month - 1)
    has_place = scope.kind in ("regency", "district", "village")
    districts = districts_coverage(regency=scope.regency, month=month) if has_place else []
    villages = (
        villages_coverage(district=scope.region, month=month)
        if scope.kind == "district" and scope.region is not None
        else []
    )
    agencies = agencies_participation(regency=scope.regency, month=month)
    if scope.kind in ("district", "village"):
        district = scope.region if scope.kind == "district" else scope.region.parent if scope.region else None
        agencies = [a for a in agencies if district is not None and a.agency.district_id == district.pk]
    trajectory = target_trajectory(regency=scope.regency) if current.informal_workers is not None else []
    return Recap(
        scope=scope,
        month=month,
        current=current,
        previous=previous,
        headline=headline_rows(current, previous),
        trend=_trend(scope, month),
        years=_years(scope, month, trajectory),
        districts=tuple(districts),
        villages=tuple(villages),
        agencies=tuple(agencies),
        signatory=signatory_for(scope),
    )
