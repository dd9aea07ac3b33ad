"""One chart model (core.charts): the axis top the server-side charts
(recap and planner PDFs) round to, and one chart drawn alike as SVG and
as a Chart.js configuration."""

import re

import pytest

from peduli.core.charts.chartjs import chartjs_config
from peduli.core.charts.model import COLORS, PLANNER_STEPS, RUPIAH, Chart, Series, nice_ceiling
from peduli.core.charts.svg import chart_svg, line_chart


@pytest.mark.parametrize(
    ("value", "reports", "planner"),
    [(0, 1, 1), (0.9, 1, 1), (1.1, 2, 1.5), (2.2, 2.5, 2.5), (2.6, 5, 3), (7.2, 10, 8), (8.5, 10, 10),
     (16_800, 20_000, 20_000), (51.64, 100, 60)],
)  # fmt: skip
def test_the_axis_top_is_the_next_round_step(value: float, reports: float, planner: float) -> None:
    assert nice_ceiling(value) == pytest.approx(reports)
    assert nice_ceiling(value, steps=PLANNER_STEPS) == pytest.approx(planner)


def test_one_chart_is_drawn_alike_by_the_svg_and_the_chartjs_renderer() -> None:
    chart = Chart(
        "Biaya iuran per tahun (Rp)", ["2025", "2026"], RUPIAH,
        [Series("ASN Peduli", [5e6, 7e6], COLORS["blue"], kind="bar"),
         Series("Kebutuhan anggaran", [6e6, None], COLORS["ink"], dashed=True)],
    )  # fmt: skip
    config = chartjs_config(chart)
    svg = chart_svg(chart)
    drawn = [(d["label"], d["borderColor"], d["type"]) for d in config["data"]["datasets"]]
    assert drawn == [("ASN Peduli", "#1f5f8b", "bar"), ("Kebutuhan anggaran", "#111111", "line")]
    assert all(f'fill="{color}"' in svg or f'stroke="{color}"' in svg for _label, color, _kind in drawn)
    assert all(label in svg for label, _color, _kind in drawn)
    assert config["peduliUnits"] == {"y": RUPIAH} and "Rp 8 jt" in svg  # the axis top above 7 juta


def test_reporting_and_the_planner_draw_with_the_one_model() -> None:
    from peduli.planner import charts as planner_charts
    from peduli.reporting.exports import recap_pdf

    assert planner_charts.Series is recap_pdf.Series is Series
    assert set(planner_charts.SOURCE_COLORS.values()) <= set(COLORS.values())


@pytest.mark.parametrize(
    ("highest", "ticks"),
    [(3.7, ["0%", "2%", "4%", "6%", "8%"]), (9.42, ["0%", "5%", "10%", "15%", "20%"]),
     (1.2, ["0,0%", "0,5%", "1,0%", "1,5%", "2,0%"]), (51.64, ["0%", "20%", "40%", "60%", "80%"])],
)  # fmt: skip
def test_a_line_charts_ticks_are_round_figures(highest: float, ticks: list[str]) -> None:
    svg = line_chart(title="Cakupan", labels=["Jan", "Feb"], series=[Series("Cakupan", [highest / 2, highest])])
    drawn = re.findall(r'fill="#[0-9a-fA-F]+" text-anchor="end">([^<]+)</text>', svg)
    assert drawn == ticks


def test_a_series_without_values_is_not_in_the_legend() -> None:
    svg = line_chart(
        title="Cakupan", labels=["Jan", "Feb"],
        series=[Series("Cakupan", [1.0, 2.0]), Series("Lintasan target", [None, None], dashed=True)],
    )  # fmt: skip
    assert "Cakupan" in svg and "Lintasan target" not in svg
