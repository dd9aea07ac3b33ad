"""The planner's downloads: a scenario or a comparison of scenarios, as xlsx
(one row a year) and as PDF on the letterhead with the charts as SVG. Also
the tables the pages show, so page, xlsx and PDF say the same."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from peduli.core.charts.svg import chart_svg
from peduli.core.formatting import percent
from peduli.core.pdf import pdf_bytes
from peduli.core.xlsx import workbook_bytes
from peduli.planner.charts import cost_chart, coverage_chart
from peduli.planner.models import Scenario
from peduli.planner.projection import SOURCE_LABELS, SOURCES, Projection, TargetOutcome, YearRow

YEAR_HEADERS = [
    "Tahun", "Pekerja informal", "ASN donatur", "Terlindungi", "Cakupan (%)", "Target (%)", "Biaya iuran (Rp)",
    "Anggaran direncanakan (Rp)", "Anggaran tak terpakai (Rp)", "Kebutuhan anggaran (Rp)", "Selisih anggaran (Rp)",
]  # fmt: skip


def outcome_text(outcome: TargetOutcome) -> str:
    """The outcome as one sentence that names the month it is measured at:
    "Target 2029 (51,64%) tercapai Maret 2028", "… belum tercapai pada
    Desember 2029: 47,10%"."""
    year = outcome.target.year
    head = _("Target %(year)s (%(pct)s)") % {"year": year, "pct": percent(outcome.target.coverage_pct)}
    if outcome.on_time and outcome.reached is not None:
        return _("%(head)s tercapai %(month)s") % {"head": head, "month": outcome.reached.label}
    if outcome.coverage_at_deadline is None:
        at_deadline = _("%(head)s: Desember %(year)s sebelum bulan awal proyeksi") % {"head": head, "year": year}
    elif outcome.met_at_deadline:
        at_deadline = _("%(head)s tercapai pada Desember %(year)s: %(pct)s") % {
            "head": head, "year": year, "pct": percent(outcome.coverage_at_deadline)
        }  # fmt: skip
    else:
        at_deadline = _("%(head)s belum tercapai pada Desember %(year)s: %(pct)s") % {
            "head": head, "year": year, "pct": percent(outcome.coverage_at_deadline)
        }  # fmt: skip
    if outcome.reached is not None:
        return _("%(text)s; tercapai %(month)s") % {"text": at_deadline, "month": outcome.reached.label}
    if outcome.fell_below is not None and outcome.first_met is not None:
        return _("%(text)s; sempat tercapai %(first)s, tetapi di bawah target lagi sejak %(fell)s") % {
            "text": at_deadline, "first": outcome.first_met.label, "fell": outcome.fell_below.label
        }  # fmt: skip
    return at_deadline


@dataclass(frozen=True)
class Planned:
    """A scenario with its projection, and its yearly rows by source for the tables."""

    scenario: Scenario
    projection: Projection

    @property
    def outcomes(self) -> list[tuple[TargetOutcome, str]]:
        """Each target's outcome with its sentence (`outcome_text`)."""
        return [(outcome, outcome_text(outcome)) for outcome in self.projection.targets]

    @property
    def by_source(self) -> list[tuple[YearRow, list[int], list[int]]]:
        """Each year with its workers and its cost in SOURCES order."""
        return [(y, [y.workers[s] for s in SOURCES], [y.cost[s] for s in SOURCES]) for y in self.projection.years]


def source_labels() -> list[str]:
    return [SOURCE_LABELS[s] for s in SOURCES]


def _year_cells(year: YearRow) -> list[Any]:
    return [
        year.year, year.informal_workers, year.sponsoring_civil_servants, year.protected, year.coverage_pct,
        year.target_pct, year.cost_total, year.planned, year.unspent, year.needed, year.gap,
    ]  # fmt: skip


def scenario_xlsx(planned: Planned) -> bytes:
    """One row a year: the figures, then workers and cost by who pays."""
    headers = [
        *YEAR_HEADERS,
        *(f"Pekerja: {label}" for label in source_labels()),
        *(f"Biaya: {label} (Rp)" for label in source_labels()),
    ]
    rows = ([*_year_cells(year), *workers, *cost] for year, workers, cost in planned.by_source)
    return workbook_bytes(title=planned.scenario.name, headers=headers, rows=rows)


def comparison_headers(names: Sequence[str]) -> list[str]:
    headers = ["Tahun", "Target (%)"]
    for name in names:
        headers += [f"{name}: cakupan (%)", f"{name}: biaya iuran (Rp)", f"{name}: selisih anggaran (Rp)"]
    return headers


def comparison_rows(items: Sequence[Planned]) -> list[list[Any]]:
    """A row a year: the target, then each scenario's coverage, cost and
    budget gap (empty for the years before a scenario starts)."""
    by_year = [{y.year: y for y in item.projection.years} for item in items]
    rows = []
    for year in sorted(set().union(*by_year)):
        first = next(years[year] for years in by_year if year in years)
        row: list[Any] = [year, first.target_pct]
        for years in by_year:
            own = years.get(year)
            row += [own.coverage_pct, own.cost_total, own.gap] if own else [None, None, None]
        rows.append(row)
    return rows


def comparison_xlsx(items: Sequence[Planned]) -> bytes:
    return workbook_bytes(
        title=_("Perbandingan skenario"),
        headers=comparison_headers([item.scenario.name for item in items]),
        rows=comparison_rows(items),
    )


def scenario_pdf(planned: Planned) -> bytes:
    projection = planned.projection
    with translation.override(settings.LANGUAGE_CODE):  # the charts' words too (core.pdf)
        return pdf_bytes(
            "planner/pdf/scenario.html",
            {
                "item": planned,
                "projection": projection,
                "source_labels": source_labels(),
                "coverage_svg": chart_svg(coverage_chart([(planned.scenario.name, projection)])),
                "cost_svg": chart_svg(cost_chart(projection)),
            },
        )


def comparison_pdf(items: Sequence[Planned]) -> bytes:
    names = [item.scenario.name for item in items]
    with translation.override(settings.LANGUAGE_CODE):
        return pdf_bytes(
            "planner/pdf/comparison.html",
            {
                "items": items,
                "names": names,
                "rows": comparison_rows(items),
                "coverage_svg": chart_svg(coverage_chart([(item.scenario.name, item.projection) for item in items])),
            },
        )


def filename(items: Sequence[Planned], extension: str) -> str:
    if len(items) == 1:
        return f"skenario-{items[0].scenario.pk}-{slugify(items[0].scenario.name)[:40]}.{extension}"
    return f"perbandingan-skenario-{'-'.join(str(item.scenario.pk) for item in items)}.{extension}"
