"""The axis top the server-side charts (recap and planner PDFs) round to."""

import pytest

from peduli.planner.svg import PLANNER_STEPS
from peduli.reporting.svg_charts import nice_ceiling


@pytest.mark.parametrize(
    ("value", "reports", "planner"),
    [(0, 1, 1), (0.9, 1, 1), (1.1, 2, 1.5), (2.2, 2.5, 2.5), (2.6, 5, 3), (7.2, 10, 8), (8.5, 10, 10),
     (16_800, 20_000, 20_000), (51.64, 100, 60)],
)  # fmt: skip
def test_the_axis_top_is_the_next_round_step(value: float, reports: float, planner: float) -> None:
    assert nice_ceiling(value) == pytest.approx(reports)
    assert nice_ceiling(value, steps=PLANNER_STEPS) == pytest.approx(planner)
