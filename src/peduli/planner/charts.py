"""The planner's charts as data (`core.charts.model`): one description
each, drawn by Chart.js on the pages (`core.charts.chartjs`) and as SVG in
the PDFs (`core.charts.svg`), so the two never disagree."""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from peduli.core.charts.model import COLORS, PERCENT, RUPIAH, Chart, Series
from peduli.planner.projection import SOURCE_LABELS, SOURCES, Projection

SOURCE_COLORS = {
    "asn": COLORS["blue"],
    "mandiri": COLORS["light_blue"],
    "csr": COLORS["amber"],
    "bumd": COLORS["brown"],
    "dbhcht": COLORS["green"],
    "apbd": COLORS["purple"],
}
SCENARIO_COLORS = (COLORS["blue"], COLORS["orange"], COLORS["green"], COLORS["purple"])
TARGET_COLOR = COLORS["target"]
NEEDED_COLOR = COLORS["ink"]


def coverage_chart(named: Sequence[tuple[str, Projection]]) -> Chart:
    """Coverage at the end of each year of one or more scenarios, with the
    target line (of the earliest start, where scenarios start apart)."""
    by_year = [{y.year: y for y in projection.years} for _name, projection in named]
    years = sorted(set().union(*by_year))
    chart = Chart(_("Cakupan dan target (%)"), [str(year) for year in years], PERCENT)
    for index, (name, _projection) in enumerate(named):
        own = by_year[index]
        values = [float(own[year].coverage_pct) if year in own else None for year in years]
        chart.series.append(Series(name, values, SCENARIO_COLORS[index % len(SCENARIO_COLORS)]))
    targets = [float(next(y[year] for y in by_year if year in y).target_pct) for year in years]
    chart.series.append(Series(_("Lintasan target"), list(targets), TARGET_COLOR, dashed=True))
    return chart


def cost_chart(projection: Projection) -> Chart:
    """Premiums a year by who pays (stacked), and the budget the target line needs."""
    chart = Chart(_("Biaya iuran per tahun (Rp)"), [str(y.year) for y in projection.years], RUPIAH)
    for source in SOURCES:
        values: list[float | None] = [float(y.cost[source]) for y in projection.years]
        if any(values):
            chart.series.append(Series(SOURCE_LABELS[source], values, SOURCE_COLORS[source], kind="bar"))
    chart.series.append(
        Series(_("Kebutuhan anggaran untuk target"), [float(y.needed) for y in projection.years], NEEDED_COLOR,
               dashed=True)
    )  # fmt: skip
    return chart
