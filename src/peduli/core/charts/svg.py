"""Charts drawn on the server as inline SVG (`core.charts.model`), for the
PDFs (WeasyPrint runs no JavaScript, so Chart.js is not an option there)
and any page that wants a chart without a script: the recap's lines, bars
and doughnut, and the planner's stacked bars with lines (`chart_svg`).

Each function returns safe markup; text is escaped here. Numbers are
written the Indonesian way (4,19%; `core.formatting`).
"""

import math
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from peduli.core.charts.model import (
    GRID,
    INK,
    MUTED,
    PALETTE,
    PLANNER_STEPS,
    TICK_STEPS,
    Bar,
    Chart,
    Number,
    Series,
    Slice,
    axis_label,
    nice_ceiling,
)
from peduli.core.formatting import number as figure

FONT = 'font-family="DejaVu Sans, sans-serif"'


def _text(x: float, y: float, content: str, *, size: float = 9, anchor: str = "start", color: str = INK,
          bold: bool = False) -> str:  # fmt: skip
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" {FONT} font-size="{size}" fill="{color}" text-anchor="{anchor}"{weight}>'
        f"{escape(content)}</text>"
    )


def _line(x1: float, y1: float, x2: float, y2: float, *, color: str, width: float, dashes: str = "") -> str:
    dash = f' stroke-dasharray="{dashes}"' if dashes else ""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{color}" stroke-width="{width}"{dash}/>'
    )


def _svg(width: int, height: int, body: list[str], title: str) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def line_chart(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    width: int = 640,
    height: int = 230,
    suffix: str = "%",
    decimals: int = 2,
) -> SafeString:
    """Months along the bottom, values up the side; the last point of each
    series is labelled so the printed page says the number, not just the shape."""
    left, right, top, bottom = 46, 70, 12, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    # A series with no value (a target not set for these months) is neither drawn nor in the legend.
    series = [s for s in series if any(v is not None for v in s.values)]
    known = [float(v) for s in series for v in s.values if v is not None]
    # Four steps of a round size (1, 2 or 5 × 10ⁿ), so every tick is a round figure.
    step = nice_ceiling(max(known, default=0.0) * 1.1 / 4, steps=TICK_STEPS)
    y_max = step * 4
    count = max(len(labels), 1)

    def x_at(i: int) -> float:
        return left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y_at(value: float) -> float:
        return top + plot_h * (1 - value / y_max)

    body = []
    ticks = [step * tick for tick in range(5)]
    tick_decimals = max(0, -math.floor(math.log10(step)))
    for value in ticks:
        y = y_at(value)
        body.append(_line(left, y, left + plot_w, y, color=GRID, width=0.6))
        body.append(
            _text(left - 4, y + 3, f"{figure(value, tick_decimals)}{suffix}", size=7.5, anchor="end", color=MUTED)
        )
    every = max(1, math.ceil(count / 12))
    for i, label in enumerate(labels):
        if i % every == 0 or i == count - 1:
            body.append(_text(x_at(i), top + plot_h + 12, label, size=7.5, anchor="middle", color=MUTED))
    body.append(_line(left, top + plot_h, left + plot_w, top + plot_h, color=INK, width=0.8))
    for s in series:
        dash = ' stroke-dasharray="5,3"' if s.dashed else ""
        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(s.values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append((x_at(i), y_at(float(v))))
        for run in (r for r in runs if r):
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            body.append(f'<polyline points="{points}" fill="none" stroke="{s.color}" stroke-width="1.8"{dash}/>')
            if not s.dashed:
                body.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="{s.color}"/>' for x, y in run)
        last = next(((i, v) for i, v in reversed(list(enumerate(s.values))) if v is not None), None)
        if last is not None:
            body.append(_text(x_at(last[0]) + 5, y_at(float(last[1])) + 3, f"{figure(last[1], decimals)}{suffix}",
                              size=8, color=s.color, bold=True))  # fmt: skip
    legend_x = left
    for s in series:
        y = height - 8
        body.append(
            _line(legend_x, y - 3, legend_x + 18, y - 3, color=s.color, width=2, dashes="5,3" if s.dashed else "")
        )
        body.append(_text(legend_x + 22, y, s.label, size=8))
        legend_x += 30 + int(len(s.label) * 4.8)
    return _svg(width, height, body, title)


def bar_chart(
    *,
    title: str,
    bars: Sequence[Bar],
    width: int = 640,
    suffix: str = "%",
    decimals: int = 2,
    reference: Number | None = None,
    reference_label: str = "",
    row_height: int = 15,
) -> SafeString:
    """Horizontal bars in the order given (rank them first), the value at the
    end of each bar, and an optional vertical reference line (a target). The
    axis fits the bars: a reference far beyond them is left out rather than
    squash every bar to a sliver, so say it in the caption."""
    known = [float(b.value) for b in bars if b.value is not None]
    x_max = nice_ceiling(max(known, default=0.0) * 1.05)
    if reference is not None and float(reference) > x_max:
        reference = None
    label_w, value_w, top = 150, 56, 16 if reference is not None else 4
    plot_w = width - label_w - value_w
    height = top + row_height * len(bars) + 16
    body = []
    for i, b in enumerate(bars):
        y = top + i * row_height
        color = PALETTE[1] if b.highlight else PALETTE[0]
        label = b.label if len(b.label) <= 28 else b.label[:27] + "…"
        body.append(_text(label_w - 4, y + row_height - 4, label, size=8, anchor="end", bold=b.highlight))
        length = 0.0 if b.value is None else plot_w * float(b.value) / x_max
        body.append(f'<rect x="{label_w}" y="{y + 2}" width="{length:.1f}" height="{row_height - 4}" fill="{color}"/>')
        shown = "–" if b.value is None else f"{figure(b.value, decimals)}{suffix}"
        body.append(_text(label_w + length + 3, y + row_height - 4, shown, size=7.5, color=MUTED))
    axis_y = top + row_height * len(bars)
    body.append(_line(label_w, top, label_w, axis_y, color=INK, width=0.8))
    body.append(_text(label_w, axis_y + 10, f"0{suffix}", size=7, anchor="middle", color=MUTED))
    body.append(
        _text(label_w + plot_w, axis_y + 10, f"{figure(x_max, 0)}{suffix}", size=7, anchor="middle", color=MUTED)
    )
    if reference is not None:
        x = label_w + plot_w * float(reference) / x_max
        body.append(_line(x, top - 4, x, axis_y, color=PALETTE[3], width=1.2, dashes="4,2"))
        caption = f"{reference_label} {figure(reference, decimals)}{suffix}"
        body.append(_text(x, top - 6, caption, size=7.5, anchor="middle", color=PALETTE[3]))
    return _svg(width, height, body, title)


def doughnut_chart(*, title: str, slices: Sequence[Slice], size: int = 120, legend_width: int = 330) -> SafeString:
    """Shares of a whole as a ring with a legend of counts and percentages.
    Slices of zero are left out of the ring but kept in the legend."""
    total = sum(s.value for s in slices)
    cx = cy = size / 2
    outer, inner = size / 2 - 4, size / 2 - 24
    body = []
    angle = -math.pi / 2
    for i, s in enumerate(slices):
        if not s.value or not total:
            continue
        color = PALETTE[i % len(PALETTE)]
        if s.value == total:  # a full ring cannot be drawn as one arc
            body.append(f'<circle cx="{cx}" cy="{cy}" r="{(outer + inner) / 2:.1f}" fill="none" stroke="{color}" '
                        f'stroke-width="{outer - inner:.1f}"/>')  # fmt: skip
            continue
        sweep = 2 * math.pi * s.value / total
        end = angle + sweep
        large = 1 if sweep > math.pi else 0
        p = [
            (cx + r * math.cos(a), cy + r * math.sin(a))
            for r, a in ((outer, angle), (outer, end), (inner, end), (inner, angle))
        ]
        body.append(
            f'<path d="M{p[0][0]:.2f},{p[0][1]:.2f} A{outer:.1f},{outer:.1f} 0 {large} 1 {p[1][0]:.2f},{p[1][1]:.2f} '
            f'L{p[2][0]:.2f},{p[2][1]:.2f} A{inner:.1f},{inner:.1f} 0 {large} 0 {p[3][0]:.2f},{p[3][1]:.2f} Z" '
            f'fill="{color}" stroke="#fff" stroke-width="1"/>'
        )
        angle = end
    body.append(_text(cx, cy + 1, figure(total), size=10.5, anchor="middle", bold=True))
    body.append(_text(cx, cy + 12, "pekerja", size=7.5, anchor="middle", color=MUTED))
    for i, s in enumerate(slices):
        y = 16 + i * 17
        share = f"{figure(Decimal(s.value * 100) / total, 1)}%" if total else "–"
        body.append(f'<rect x="{size + 12}" y="{y - 8}" width="9" height="9" fill="{PALETTE[i % len(PALETTE)]}"/>')
        body.append(_text(size + 26, y, s.label, size=9))
        body.append(_text(size + legend_width - 56, y, figure(s.value), size=9, anchor="end"))
        body.append(_text(size + legend_width, y, share, size=9, anchor="end", color=MUTED))
    height = max(size, 16 + len(slices) * 17)
    return _svg(size + legend_width + 4, int(height), body, title)


# The planner's charts.
WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, PLOT_BOTTOM = 78, 12, 12, 236
LEGEND_TOP = 262


def chart_svg(chart: Chart) -> SafeString:
    """Stacked bars and lines over years, the planner's charts: finer axis
    tops than the recap's (PLANNER_STEPS), the legend under the plot."""
    count = len(chart.labels)
    bars = [s for s in chart.series if s.kind == "bar"]
    lines = [s for s in chart.series if s.kind == "line"]
    stacked = [sum(float(s.values[i] or 0.0) for s in bars) for i in range(count)] if bars else [0.0]
    highest = max([*stacked, *(float(v) for s in lines for v in s.values if v is not None), 0.0])
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
            value = float(series.values[index] or 0.0)
            if value > 0:
                parts.append(
                    f'<rect x="{x(index) - width / 2:.1f}" y="{y(base + value):.1f}" width="{width:.1f}" '
                    f'height="{y(base) - y(base + value):.1f}" fill="{series.color}"/>'
                )
            base += value
    for series in lines:
        dash = ' stroke-dasharray="6 4"' if series.dashed else ""
        points = " ".join(f"{x(i):.1f},{y(float(v)):.1f}" for i, v in enumerate(series.values) if v is not None)
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
    return mark_safe("".join(parts))
