"""What a chart is, whoever draws it: series of numbers over labels, the
colours they are drawn in, and how an axis is rounded and written."""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from peduli.core.formatting import number, rupiah_short

Number = int | float | Decimal

# The one palette. PALETTE is the order series and slices take when nobody
# chose: the letterhead's blue first, then colours that stay apart in
# greyscale print. COLORS are the named colours a chart may choose.
PALETTE = ("#1f5f8b", "#e08a1e", "#3a9a5b", "#b03a48", "#7b5ea7", "#8c8c8c", "#c9b037", "#4fa3c7", "#6d4c41", "#d35d9f")
COLORS = {
    "blue": "#1f5f8b", "light_blue": "#8fa9bf", "amber": "#e0a100", "brown": "#b5651d", "green": "#2e8b57",
    "purple": "#7b4ea3", "orange": "#d9480f", "red": "#b03a48", "target": "#b00020", "ink": "#111111",
}  # fmt: skip
# Light (little) to dark (much), ColorBrewer's blues: a map and the bars
# beside it share them; legible for colour-blind readers and in greyscale.
SEQUENTIAL = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#dee2e6"
INK = "#222"
GRID = "#d5dde3"
MUTED = "#666"
# The axis tops a chart rounds to (× 10ⁿ); the planner's budgets and
# coverage fill the plot with finer ones.
REPORT_STEPS: tuple[float, ...] = (1, 2, 2.5, 5)
PLANNER_STEPS: tuple[float, ...] = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8)
# The distance between two ticks: whole figures at one decimal at most.
TICK_STEPS: tuple[float, ...] = (1, 2, 5)
PERCENT, RUPIAH, COUNT = "percent", "rupiah", "count"


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
    """One bar of a ranking (horizontal bars); `note` is what a reader
    pointing at it is told, `link` where a click on it goes."""

    label: str
    value: Number | None
    highlight: bool = False
    note: str = ""
    link: str = ""


@dataclass(frozen=True)
class Point:
    """A value on a continuous axis (a month as a fractional year), with
    the words a reader pointing at it is told."""

    x: float
    y: Number
    label: str
    note: str = ""


@dataclass(frozen=True)
class Trace:
    """Points joined by a line: `area` fills under it, `marks` draws the
    points alone. A trace in a second unit is read on a second axis."""

    label: str
    points: Sequence[Point]
    color: str = PALETTE[0]
    style: str = "line"  # "line", "area" or "marks"
    dashed: bool = False
    unit: str = PERCENT


@dataclass(frozen=True)
class Timeline:
    """Traces over years since `first_year`, horizontal reference lines (a
    target: its value and its words), and the years a reader may show it
    up to, the first of them at first."""

    title: str
    first_year: int
    until: Sequence[int]
    traces: list[Trace] = field(default_factory=list)
    references: Sequence[Point] = ()


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


@dataclass(frozen=True)
class ColourScale:
    """Equal classes from 0 to the highest value, light to dark: the one
    colouring of a map and the ranking beside it, with their legend."""

    highest: float
    unit: str  # PERCENT or COUNT

    @property
    def step(self) -> float:
        return self.highest / len(SEQUENTIAL) if self.highest > 0 else 1.0

    def colour(self, value: Number | None) -> str:
        if value is None:
            return NO_DATA
        return SEQUENTIAL[min(len(SEQUENTIAL) - 1, math.floor(float(value) / self.step))]

    def legend(self) -> list[tuple[str, str]]:
        """(colour, '0,00–10,50%') for each class, low to high."""
        decimals, suffix = (2, "%") if self.unit == PERCENT else (0, "")
        tops = [self.step * (i + 1) for i in range(len(SEQUENTIAL) - 1)] + [self.highest]
        return [
            (colour, f"{number(self.step * i, decimals)}–{number(top, decimals)}{suffix}")
            for i, (colour, top) in enumerate(zip(SEQUENTIAL, tops, strict=True))
        ]
