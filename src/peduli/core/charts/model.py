"""What a chart is, whoever draws it: series of numbers over labels, the
colours they are drawn in, and how an axis is rounded and written."""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from peduli.core.formatting import rupiah_short

Number = int | float | Decimal

# The one palette. PALETTE is the order series and slices take when nobody
# chose: the letterhead's blue first, then colours that stay apart in
# greyscale print. COLORS are the named colours a chart may choose.
PALETTE = ("#1f5f8b", "#e08a1e", "#3a9a5b", "#b03a48", "#7b5ea7", "#8c8c8c", "#c9b037", "#4fa3c7", "#6d4c41", "#d35d9f")
COLORS = {
    "blue": "#1f5f8b", "light_blue": "#8fa9bf", "amber": "#e0a100", "brown": "#b5651d", "green": "#2e8b57",
    "purple": "#7b4ea3", "orange": "#d9480f", "red": "#b03a48", "target": "#b00020", "ink": "#111111",
}  # fmt: skip
INK = "#222"
GRID = "#d5dde3"
MUTED = "#666"
# The axis tops a chart rounds to (× 10ⁿ); the planner's budgets and
# coverage fill the plot with finer ones.
REPORT_STEPS: tuple[float, ...] = (1, 2, 2.5, 5)
PLANNER_STEPS: tuple[float, ...] = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8)
PERCENT, RUPIAH = "percent", "rupiah"


@dataclass(frozen=True)
class Series:
    """One series: a line (`None` values leave a gap) or bars (bars stack)."""

    label: str
    values: Sequence[Number | None]
    color: str = PALETTE[0]
    kind: str = "line"  # "line" or "bar"
    dashed: bool = False


@dataclass(frozen=True)
class Bar:
    """One bar of a ranking (horizontal bars)."""

    label: str
    value: Number | None
    highlight: bool = False


@dataclass(frozen=True)
class Slice:
    """One share of a whole (a doughnut)."""

    label: str
    value: int


@dataclass(frozen=True)
class Chart:
    """Series over labels, with the unit of the value axis."""

    title: str
    labels: list[str]
    unit: str  # PERCENT or RUPIAH
    series: list[Series] = field(default_factory=list)


def nice_ceiling(value: float, steps: Sequence[float] = REPORT_STEPS) -> float:
    """The round number (one of `steps` × 10ⁿ) at or above `value`, for an axis top."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (*steps, 10):
        if value <= step * magnitude + 1e-9:
            return step * magnitude
    return 10 * magnitude


def axis_label(value: float, unit: str) -> str:
    """A value axis's tick: '25%' or 'Rp 1,5 M' / 'Rp 15 jt'."""
    if unit == PERCENT:
        return f"{value:g}%"
    return rupiah_short(value)
