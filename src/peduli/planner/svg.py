"""A planner chart (`planner.charts.Chart`) as inline SVG, for the PDFs:
WeasyPrint runs no JavaScript, so Chart.js cannot draw there."""

import math
from html import escape

from peduli.core.formatting import rupiah_short
from peduli.planner.charts import Chart
from peduli.reporting.svg_charts import nice_ceiling

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, PLOT_BOTTOM = 78, 12, 12, 236
LEGEND_TOP = 262
# Finer axis tops than the reports' charts: a planner's budgets and coverage fill the plot.
PLANNER_STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8)


def axis_label(value: float, unit: str) -> str:
    if unit == "percent":
        return f"{value:g}%"
    return rupiah_short(value)


def chart_svg(chart: Chart) -> str:
    count = len(chart.labels)
    bars = [s for s in chart.series if s.kind == "bar"]
    lines = [s for s in chart.series if s.kind == "line"]
    stacked = [sum(s.values[i] or 0.0 for s in bars) for i in range(count)] if bars else [0.0]
    highest = max([*stacked, *(v for s in lines for v in s.values if v is not None), 0.0])
    top = nice_ceiling(highest, steps=PLANNER_STEPS)
    step_x = (WIDTH - LEFT - RIGHT) / max(count, 1)

    def x(index: float) -> float:
        return LEFT + step_x * (index + 0.5)

    def y(value: float) -> float:
        return PLOT_BOTTOM - (PLOT_BOTTOM - TOP) * value / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'font-family="DejaVu Sans, sans-serif" font-size="10" role="img" aria-label="{escape(chart.title)}">'
    ]
    for tick in range(5):
        value = top * tick / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 4}" y="{y(value) + 3:.1f}" text-anchor="end" fill="#444">'
            f"{escape(axis_label(value, chart.unit))}</text>"
        )
    every = max(1, math.ceil(count / 12))
    for index, label in enumerate(chart.labels):
        if index % every == 0 or index == count - 1:
            parts.append(
                f'<text x="{x(index):.1f}" y="{PLOT_BOTTOM + 14}" text-anchor="middle" fill="#444">'
                f"{escape(label)}</text>"
            )
    width = step_x * 0.7
    for index in range(count):
        base = 0.0
        for series in bars:
            value = series.values[index] or 0.0
            if value > 0:
                parts.append(
                    f'<rect x="{x(index) - width / 2:.1f}" y="{y(base + value):.1f}" width="{width:.1f}" '
                    f'height="{y(base) - y(base + value):.1f}" fill="{series.color}"/>'
                )
            base += value
    for series in lines:
        dash = ' stroke-dasharray="6 4"' if series.dashed else ""
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(series.values) if v is not None)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{series.color}" stroke-width="2"{dash}/>')
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{PLOT_BOTTOM}" y2="{PLOT_BOTTOM}" stroke="#444"/>')
    legend_x, legend_y = LEFT, LEGEND_TOP
    for series in chart.series:
        label = series.label if len(series.label) <= 40 else f"{series.label[:39]}…"
        text_width = 6 * len(label) + 30
        if legend_x + text_width > WIDTH - RIGHT:
            legend_x, legend_y = LEFT, legend_y + 16
        if series.kind == "bar":
            mark = f'<rect x="{legend_x}" y="{legend_y - 8}" width="14" height="9" fill="{series.color}"/>'
        else:
            dash = ' stroke-dasharray="4 3"' if series.dashed else ""
            mark = (
                f'<line x1="{legend_x}" x2="{legend_x + 14}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
                f'stroke="{series.color}" stroke-width="2"{dash}/>'
            )
        parts.append(f'{mark}<text x="{legend_x + 18}" y="{legend_y}" fill="#111">{escape(label)}</text>')
        legend_x += text_width
    parts.append("</svg>")
    return "".join(parts)
