"""What the dashboards show, shaped for the page: headline cards with their
change since the month before, and the charts' data as plain JSON (numbers,
not Decimals) for `json_script`. Every figure comes from
`reporting.indicators`; nothing here computes a percentage."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from peduli.core.charts.chartjs import doughnut_config, ranking_config, timeline_config
from peduli.core.charts.model import (
    COLORS,
    COUNT,
    NO_DATA,
    PERCENT,
    RUPIAH,
    Bar,
    ColourScale,
    Point,
    Slice,
    Timeline,
    Trace,
)
from peduli.core.formatting import number, percent
from peduli.core.months import YearMonth
from peduli.reporting.coverage.indicators import MonthlyIndicators
from peduli.reporting.coverage.places import AgencyParticipation, PlaceCoverage
from peduli.reporting.coverage.trends import TrajectoryPoint, TrendPoint
from peduli.sponsorships.models import Sponsor

# The trend starts where the programme's ledger does.
TREND_START = YearMonth(2022, 1)
# A card's figure is a COUNT, a PERCENT, RUPIAH, or OUT_OF (x of y).
OUT_OF = "out_of"


@dataclass(frozen=True)
class Change:
    """The difference from the month before, told in words and an arrow as
    well as a colour, so it reads without colour too."""

    delta: int | Decimal
    direction: str  # "up" | "down" | "same"
    good: bool | None  # None: neither good nor bad (no change)

    @property
    def word(self) -> StrOrPromise:
        return {"up": _("naik"), "down": _("turun"), "same": _("tetap")}[self.direction]

    @property
    def magnitude(self) -> int | Decimal:
        return -self.delta if self.delta < 0 else self.delta

    @property
    def css(self) -> str:
        return "text-secondary" if self.good is None else ("text-success" if self.good else "text-danger")

    @property
    def icon(self) -> str:
        return {"up": "arrow-up-right", "down": "arrow-down-right", "same": "dash"}[self.direction]


@dataclass(frozen=True)
class Card:
    label: StrOrPromise
    kind: str  # COUNT | PERCENT | RUPIAH | OUT_OF
    value: int | Decimal | None
    icon: str
    detail: str = ""
    change: Change | None = None
    total: int | None = None  # the "y" of "x of y"


def change(now: int | Decimal | None, before: int | Decimal | None, *, rise_is_good: bool = True) -> Change | None:
    if now is None or before is None:
        return None
    delta = now - before
    if delta == 0:
        return Change(delta, "same", None)
    up = delta > 0
    return Change(delta, "up" if up else "down", up == rise_is_good)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def regency_cards(now: MonthlyIndicators, before: MonthlyIndicators) -> list[Card]:
    informal = now.informal_workers
    return [
        Card(
            _("Pekerja terlindungi"), COUNT, now.workers_protected, "shield-check",
            _("%(new)s baru, %(lapsed)s tidak aktif") % {"new": now.workers_new, "lapsed": now.workers_lapsed},
            change(now.workers_protected, before.workers_protected),
        ),
        Card(
            _("Cakupan pekerja informal"), PERCENT, now.coverage_pct, "pie-chart",
            (_("dari %(n)s pekerja informal") % {"n": _count_text(informal)})
            if informal else _("jumlah pekerja informal belum diisi"),
            change(now.coverage_pct, before.coverage_pct),
        ),
        *civil_servant_cards(now, before),
        Card(
            _("OPD berpartisipasi"), OUT_OF, now.agencies_participating, "building-check",
            _("%(pct)s%% dari seluruh OPD") % {"pct": _percent_text(now.agencies_participating_pct)},
            change(now.agencies_participating, before.agencies_participating), total=now.agencies_total,
        ),
        arrears_card(now, before),
    ]  # fmt: skip


def participation_card(now: MonthlyIndicators, before: MonthlyIndicators, *, label: StrOrPromise) -> Card:
    return Card(
        label, PERCENT, now.civil_servant_participation_pct, "people",
        _("%(sponsoring)s dari %(total)s ASN menjadi donatur")
        % {"sponsoring": _count_text(now.civil_servants_sponsoring), "total": _count_text(now.civil_servants_total)},
        change(now.civil_servant_participation_pct, before.civil_servant_participation_pct),
    )  # fmt: skip


def civil_servant_cards(now: MonthlyIndicators, before: MonthlyIndicators) -> list[Card]:
    return [
        participation_card(now, before, label=_("Partisipasi ASN")),
        Card(
            _("Pekerja dibiayai ASN"), COUNT, now.workers_covered_by_civil_servants, "heart",
            _("iuran lunas bulan ini"),
            change(now.workers_covered_by_civil_servants, before.workers_covered_by_civil_servants),
        ),
    ]  # fmt: skip


def arrears_card(now: MonthlyIndicators, before: MonthlyIndicators) -> Card:
    return Card(
        _("Tunggakan iuran"), RUPIAH, now.arrears_amount, "exclamation-triangle",
        _("iuran belum terbayar sampai bulan ini"),
        change(now.arrears_amount, before.arrears_amount, rise_is_good=False),
    )  # fmt: skip


def _sponsored_by_civil_servants(indicators: MonthlyIndicators) -> int:
    return next(
        (s.workers_protected for s in indicators.by_funding_source if s.source == Sponsor.Kind.CIVIL_SERVANT), 0
    )


def district_cards(now: MonthlyIndicators, before: MonthlyIndicators) -> list[Card]:
    """A district's workers, whoever sponsors them; its own civil servants
    (the sub-district office's) only when it has any on the roster."""
    protected, coverage = regency_cards(now, before)[:2]
    living_here = _sponsored_by_civil_servants(now)
    cards = [
        protected,
        coverage,
        Card(
            _("Pekerja dibiayai ASN"), COUNT, living_here, "heart", _("pekerja di kecamatan ini, oleh ASN mana pun"),
            change(living_here, _sponsored_by_civil_servants(before)),
        ),
    ]  # fmt: skip
    if now.civil_servants_total:
        cards.append(participation_card(now, before, label=_("Partisipasi ASN kantor kecamatan")))
    return [*cards, arrears_card(now, before)]


def agency_cards(now: MonthlyIndicators, before: MonthlyIndicators) -> list[Card]:
    return [
        Card(
            _("ASN"), COUNT, now.civil_servants_total, "people", _("ASN aktif pada bulan ini"),
            change(now.civil_servants_total, before.civil_servants_total),
        ),
        Card(
            _("ASN donatur"), OUT_OF, now.civil_servants_sponsoring, "person-check",
            _("%(pct)s%% ASN membiayai pekerja") % {"pct": _percent_text(now.civil_servants_sponsoring_pct)},
            change(now.civil_servants_sponsoring, before.civil_servants_sponsoring), total=now.civil_servants_total,
        ),
        *civil_servant_cards(now, before)[::-1],
        arrears_card(now, before),
    ]  # fmt: skip


def _count_text(value: int) -> str:
    return number(value)


def _percent_text(value: Decimal | None) -> str:
    return number(value, 2)


# Charts ------------------------------------------------------------------------
# Each chart is described once on the model (`core.charts.model`) and drawn
# by Chart.js from `core.charts.chartjs`; the page's script only draws.


def _fractional_year(month: YearMonth) -> float:
    """A month as a point on a year axis: June 2025 → 2025.42 (its middle)."""
    return round(month.year + (month.month - 0.5) / 12, 4)


def _point(month: YearMonth, value: int | Decimal) -> Point:
    return Point(_fractional_year(month), value, month.label)


def coverage_timeline(
    points: Sequence[TrendPoint], trajectory: Sequence[TrajectoryPoint], indicators: MonthlyIndicators
) -> dict[str, Any]:
    """Coverage month by month since the ledger starts, the plans' trajectory
    dashed after it, and the targets marked and drawn as reference lines;
    shown up to 2029, or to 2045 at the reader's choice."""
    targets = [
        Point(
            _fractional_year(YearMonth(t.year, 12)),
            t.coverage_pct,
            _("Akhir %(year)s") % {"year": t.year},
            t.legal_source,
        )
        for t in indicators.targets
    ]
    timeline = Timeline(
        _("Cakupan pekerja informal terlindungi"), TREND_START.year, until=(2029, 2045),
        traces=[
            Trace(_("Cakupan"), [_point(p.month, p.coverage_pct) for p in points if p.coverage_pct is not None],
                  COLORS["blue"], style="area"),
            Trace(_("Lintasan target"), _trajectory(points, trajectory), COLORS["target"], dashed=True),
            Trace(_("Target"), targets, COLORS["target"], style="marks"),
        ],
        references=[
            Point(p.x, p.y, _("Target %(year)s: %(pct)s") % {"year": t.year, "pct": percent(t.coverage_pct)})
            for p, t in zip(targets, indicators.targets, strict=True)
        ],
    )  # fmt: skip
    return timeline_config(timeline)


def _trajectory(points: Sequence[TrendPoint], trajectory: Sequence[TrajectoryPoint]) -> list[Point]:
    """The plans' path: month by month where the trend has it, then at the end
    of each later year."""
    path = [_point(p.month, p.target_pct) for p in points if p.target_pct is not None]
    last = points[-1].month if points else TREND_START
    # The first point is the baseline month's own coverage, which the monthly
    # path already starts from.
    for t in trajectory[1:]:
        december = YearMonth(t.year, 12)
        if december > last:
            path.append(_point(december, t.coverage_pct))
    return path


def civil_servant_timeline(points: Sequence[TrendPoint]) -> dict[str, Any]:
    """An agency's workers covered by its civil servants, and their
    participation on a second axis, up to this year."""
    last = points[-1].month if points else TREND_START
    timeline = Timeline(
        _("Pekerja dibiayai ASN dan partisipasi ASN"), TREND_START.year, until=(last.year,),
        traces=[
            Trace(_("Pekerja dibiayai ASN"), [_point(p.month, p.workers_covered_by_civil_servants) for p in points],
                  COLORS["blue"], style="area", unit=COUNT),
            Trace(_("Partisipasi ASN"),
                  [_point(p.month, p.civil_servant_participation_pct) for p in points
                   if p.civil_servant_participation_pct is not None],
                  COLORS["amber"], dashed=True),
        ],
    )  # fmt: skip
    return timeline_config(timeline)


def _place_note(place: PlaceCoverage, by_pct: bool) -> str:
    if by_pct:
        return _("%(pct)s (%(protected)s dari %(informal)s)") % {
            "pct": percent(place.coverage_pct), "protected": number(place.workers_protected),
            "informal": number(place.informal_workers),
        }  # fmt: skip
    return _("%(n)s pekerja terlindungi") % {"n": number(place.workers_protected)}


def places_json(places: Sequence[PlaceCoverage], *, link: str | None, month: str) -> dict[str, Any]:
    """Places ranked, by coverage when their informal workers are known,
    otherwise by protected workers (the chart says which), each with its
    colour on the one scale the map and the bars share, the words pointing
    at it tells, and its dashboard (`link`, CODE standing for its code)."""
    by_pct = any(p.coverage_pct is not None for p in places)
    ranked = sorted(
        places,
        key=lambda p: (-(p.coverage_pct or Decimal(-1)) if by_pct else 0, -p.workers_protected, p.region.code),
    )
    values = [_number(p.coverage_pct) if by_pct else p.workers_protected for p in ranked]
    scale = ColourScale(max([0.0, *(float(v) for v in values if v is not None)]), PERCENT if by_pct else COUNT)
    query = f"?bulan={month}" if month else ""
    bars = [
        Bar(p.region.name, value, note=_place_note(p, by_pct),
            link=link.replace("CODE", p.region.code) + query if link else "")
        for p, value in zip(ranked, values, strict=True)
    ]  # fmt: skip
    legend = [{"colour": colour, "text": text} for colour, text in scale.legend()] if bars else []
    if any(value is None for value in values):
        legend.append({"colour": NO_DATA, "text": str(_("tanpa data"))})
    return {
        "metric": scale.unit,
        "places": [
            {
                "code": p.region.code, "name": p.region.name, "protected": p.workers_protected,
                "informal": p.informal_workers, "pct": _number(p.coverage_pct), "value": bar.value,
                "colour": scale.colour(bar.value), "note": bar.note, "link": bar.link,
            }
            for p, bar in zip(ranked, bars, strict=True)
        ],
        "legend_title": str(_("Cakupan") if by_pct else _("Terlindungi")),
        "legend": legend,
        "chart": ranking_config(
            bars, unit=scale.unit, scale=scale,
            axis_title=str(_("% pekerja informal terlindungi") if by_pct else _("pekerja terlindungi")),
        ),
    }  # fmt: skip


def funding_chart(indicators: MonthlyIndicators) -> dict[str, Any] | None:
    """Protected workers by who pays for them, as the recap PDF draws them."""
    slices = [Slice(s.label, s.workers_protected) for s in indicators.by_funding_source if s.workers_protected]
    return doughnut_config(slices, unit_word=str(_("pekerja"))) if slices else None


def league(rows: Sequence[AgencyParticipation]) -> list[tuple[int, AgencyParticipation]]:
    """Agencies with their rank; equal participation shares a rank."""
    ranked: list[tuple[int, AgencyParticipation]] = []
    for position, row in enumerate(rows, start=1):
        tied = ranked and ranked[-1][1].participation_pct == row.participation_pct
        ranked.append((ranked[-1][0] if tied else position, row))
    return ranked
