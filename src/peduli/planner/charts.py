"""The planner's charts as data: one description each, drawn by Chart.js on
the pages (`chartjs_config`) and as SVG in the PDFs (`planner.svg`), so the
two never disagree."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from peduli.planner.projection import SOURCE_LABELS, SOURCES, Projection

SOURCE_COLORS = {
    "asn": "#1f5f8b",
    "mandiri": "#8fa9bf",
    "csr": "#e0a100",
    "bumd": "#b5651d",
    "dbhcht": "#2e8b57",
    "apbd": "#7b4ea3",
}
SCENARIO_COLORS = ("#1f5f8b", "#d9480f", "#2e8b57", "#7b4ea3")
TARGET_COLOR = "#b00020"
NEEDED_COLOR = "#111111"


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]  # None: no figure that year (the line breaks)
    color: str
    kind: str = "line"  # "line" or "bar" (bars stack)
    dashed: bool = False


@dataclass(frozen=True)
class Chart:
    title: str
    labels: list[str]
    unit: str  # "percent" or "rupiah"
    series: list[Series] = field(default_factory=list)


def coverage_chart(named: Sequence[tuple[str, Projection]]) -> Chart:
    """Coverage at the end of each year of one or more scenarios, with the
    target line (of the earliest start, where scenarios start apart)."""
    by_year = [{y.year: y for y in projection.years} for _, projection in named]
    years = sorted(set().union(*by_year))
    chart = Chart("Cakupan dan target (%)", [str(year) for year in years], "percent")
    for index, (name, _projection) in enumerate(named):
        own = by_year[index]
        values = [float(own[year].coverage_pct) if year in own else None for year in years]
        chart.series.append(Series(name, values, SCENARIO_COLORS[index % len(SCENARIO_COLORS)]))
    targets = [float(next(y[year] for y in by_year if year in y).target_pct) for year in years]
    chart.series.append(Series("Lintasan target", list(targets), TARGET_COLOR, dashed=True))
    return chart


def cost_chart(projection: Projection) -> Chart:
    """Premiums a year by who pays (stacked), and the budget the target line needs."""
    chart = Chart("Biaya iuran per tahun (Rp)", [str(y.year) for y in projection.years], "rupiah")
    for source in SOURCES:
        values: list[float | None] = [float(y.cost[source]) for y in projection.years]
        if any(values):
            chart.series.append(Series(SOURCE_LABELS[source], values, SOURCE_COLORS[source], kind="bar"))
    chart.series.append(
        Series("Kebutuhan anggaran untuk target", [float(y.needed) for y in projection.years], NEEDED_COLOR,
               dashed=True)
    )  # fmt: skip
    return chart


def chartjs_config(chart: Chart) -> dict[str, Any]:
    """A Chart.js configuration; `peduliUnit` tells planner/charts.js how to write the numbers."""
    datasets = [
        {
            "type": s.kind,
            "label": s.label,
            "data": s.values,
            "backgroundColor": s.color,
            "borderColor": s.color,
            "borderDash": [6, 4] if s.dashed else [],
            "pointRadius": 0 if s.kind == "line" else None,
            "borderWidth": 2 if s.kind == "line" else 0,
            "order": 0 if s.kind == "line" else 1,
            **({"stack": "biaya"} if s.kind == "bar" else {}),
        }
        for s in chart.series
    ]
    stacked = any(s.kind == "bar" for s in chart.series)
    return {
        "type": "bar" if stacked else "line",
        "data": {"labels": chart.labels, "datasets": datasets},
        "options": {
            "responsive": True,
            "maintainAspectRatio": False,
            "interaction": {"mode": "index", "intersect": False},
            "plugins": {"legend": {"position": "bottom"}},
            "scales": {"x": {"stacked": stacked}, "y": {"stacked": stacked, "beginAtZero": True}},
        },
        "peduliUnit": chart.unit,
    }
