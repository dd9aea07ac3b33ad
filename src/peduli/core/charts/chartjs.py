"""A chart (`core.charts.model`) as a Chart.js configuration for a page
(`json_script`). Everything a chart shows is decided here; the page's
script (`core/charts.js`) only draws it, writing the numbers of each axis
by its `peduliUnits` entry, and keeps the few things JSON cannot say:
reference lines, the year-span buttons, and a click on a bar."""

import math
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from peduli.core.charts.model import (
    COUNT,
    PALETTE,
    PERCENT,
    SEQUENTIAL,
    Bar,
    Chart,
    ColourScale,
    Slice,
    Timeline,
    Trace,
)

GRID = "#eef0f2"


def chartjs_config(chart: Chart) -> dict[str, Any]:
    """Series over labels: lines, and bars that stack (the planner's charts)."""
    datasets = [
        {
            "type": s.kind,
            "label": s.label,
            "data": list(s.values),
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
        "peduliUnits": {"y": chart.unit},
    }


def _axis_top(values: Sequence[float], floor: float) -> int:
    """The next ten above the highest value, leaving room for its label."""
    return math.ceil((max([floor, *values]) + 5) / 10) * 10


def _trace_dataset(trace: Trace, axis: str) -> dict[str, Any]:
    points = [{"x": p.x, "y": float(p.y), "label": p.label, "note": p.note} for p in trace.points]
    if trace.style == "marks":
        return {
            "type": "scatter", "label": trace.label, "data": points, "pointStyle": "rectRot", "pointRadius": 7,
            "pointHoverRadius": 9, "backgroundColor": trace.color, "borderColor": "#fff", "borderWidth": 1,
            "yAxisID": axis,
        }  # fmt: skip
    return {
        "type": "line", "label": trace.label, "data": points, "borderColor": trace.color,
        "backgroundColor": trace.color + "1f" if trace.style == "area" else trace.color,
        "fill": "origin" if trace.style == "area" else False, "borderDash": [6, 4] if trace.dashed else [],
        # A short solid series shows its points: a single month would otherwise draw nothing.
        "pointRadius": 3 if len(points) < 24 and not trace.dashed else 0, "pointHitRadius": 6,
        "borderWidth": 2, "tension": 0.2,
        "yAxisID": axis,
    }  # fmt: skip


def timeline_config(timeline: Timeline) -> dict[str, Any]:
    """Traces on a year axis; a trace in a second unit on a right-hand axis.
    `peduliRanges` are the spans the page's buttons switch between (the
    first is shown), each with the percent axis's top for what it shows."""
    units = list(dict.fromkeys(t.unit for t in timeline.traces))
    axes = {unit: ("y" if i == 0 else "y1") for i, unit in enumerate(units)}
    datasets = [_trace_dataset(t, axes[t.unit]) for t in timeline.traces]

    def shown_until(year: int) -> dict[str, Any]:
        values = [float(p.y) for t in timeline.traces if t.unit == PERCENT for p in t.points if p.x < year + 1]
        values += [float(r.y) for r in timeline.references if r.x < year + 1]
        return {"until": year, "xMax": year + 1, "yMax": _axis_top(values, 10) if PERCENT in axes else None}

    ranges = [shown_until(year) for year in timeline.until]
    scales: dict[str, Any] = {
        "x": {
            "type": "linear", "min": timeline.first_year, "max": ranges[0]["xMax"],
            "ticks": {"stepSize": 1, "maxRotation": 0, "autoSkip": True}, "grid": {"color": GRID},
        },
    }  # fmt: skip
    titles = {PERCENT: _("% pekerja informal") if len(units) == 1 else "%", COUNT: _("pekerja"), "rupiah": "Rp"}
    for unit, axis in axes.items():
        scales[axis] = {
            "beginAtZero": True,
            "title": {"display": True, "text": titles[unit]},
            "grid": {"color": GRID} if axis == "y" else {"drawOnChartArea": False},
            **({"position": "right"} if axis == "y1" else {}),
            **({"min": 0, "max": ranges[0]["yMax"]} if unit == PERCENT and len(units) == 1 else {}),
        }
    return {
        "type": "line",
        "data": {"datasets": datasets},
        "options": {
            "parsing": False,
            "interaction": {"mode": "nearest", "intersect": False},
            "scales": scales,
            "plugins": {"legend": {"position": "bottom", "labels": {"usePointStyle": True, "boxWidth": 8}}},
        },
        "peduliUnits": {"x": "year", **{axis: unit for unit, axis in axes.items()}},
        "peduliRanges": ranges if len(units) == 1 else [],
        "peduliReferences": [{"y": float(r.y), "text": r.label} for r in timeline.references],
    }


def ranking_config(bars: Sequence[Bar], *, unit: str, scale: ColourScale, axis_title: str) -> dict[str, Any]:
    """Horizontal bars in the order given, coloured by `scale` (the map's);
    a bar with a link opens it when clicked."""
    return {
        "type": "bar",
        "data": {
            "labels": [b.label for b in bars],
            "datasets": [{
                "label": axis_title, "data": [None if b.value is None else float(b.value) for b in bars],
                "backgroundColor": [scale.colour(b.value) for b in bars], "borderColor": SEQUENTIAL[3],
                "borderWidth": 1, "barPercentage": 0.85, "categoryPercentage": 0.9,
            }],
        },
        "options": {
            "indexAxis": "y",
            "scales": {
                "x": {"beginAtZero": True, "title": {"display": True, "text": axis_title}},
                "y": {"ticks": {"autoSkip": False, "font": {"size": 11}}},
            },
            "plugins": {"legend": {"display": False}},
        },
        "peduliUnits": {"x": unit},
        "peduliNotes": [b.note for b in bars],
        "peduliLinks": [b.link for b in bars],
        "peduliRowHeight": 22,
    }  # fmt: skip


def doughnut_config(slices: Sequence[Slice], *, unit_word: str) -> dict[str, Any]:
    """Shares of a whole in the one palette's order, as the PDF draws them."""
    return {
        "type": "doughnut",
        "data": {
            "labels": [s.label for s in slices],
            "datasets": [{
                "data": [s.value for s in slices],
                "backgroundColor": [PALETTE[i % len(PALETTE)] for i in range(len(slices))],
                "borderColor": "#fff", "borderWidth": 2,
            }],
        },
        "options": {
            "cutout": "55%",
            "plugins": {"legend": {"position": "bottom", "labels": {"boxWidth": 12, "font": {"size": 11}}}},
        },
        "peduliUnits": {"value": COUNT},
        "peduliValueWord": unit_word,
    }  # fmt: skip
