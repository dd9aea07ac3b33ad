"""A chart (`core.charts.model.Chart`) as a Chart.js configuration for a page
(`json_script`); the page's script writes the numbers by `peduliUnit`."""

from typing import Any

from peduli.core.charts.model import Chart


def chartjs_config(chart: Chart) -> dict[str, Any]:
    """A Chart.js configuration; `peduliUnit` tells the page's script how to write the numbers."""
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
        "peduliUnit": chart.unit,
    }
