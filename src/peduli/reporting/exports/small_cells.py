"""Small cells in published counts of people (open data): a count from 1 to
`minimum − 1` (5 by default, `PEDULI_OPEN_DATA_MIN_CELL`) could point at a
person — three protected workers in a district, two donors in an agency — so
it is published empty, and so is every column that would give it back (its
rupiah amounts, its percentage). Zero is published: nobody to point at.

Totals must not give a hidden count back either: a month's districts add up
to the regency's total, which the funding-source dataset publishes. So when
only one cell of a column is hidden in a month, the smallest other non-zero
cell of that column in that month is hidden too (secondary suppression, as
statistics offices do)."""

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

Row = list[Any]


@dataclass(frozen=True)
class CountColumn:
    """A column counting people, and the columns that would give it back."""

    count: int
    derived: tuple[int, ...] = ()


def _small(value: object, minimum: int) -> bool:
    return isinstance(value, int) and 0 < value < minimum


def small_cells_hidden(rows: Sequence[Row], *, group: int, columns: Sequence[CountColumn], minimum: int) -> list[Row]:
    """`rows` (grouped by the value in column `group`, a month) with the
    small counts of `columns` and what derives from them emptied (None)."""
    hidden_rows: list[Row] = []
    for _key, members in groupby(rows, key=lambda row: row[group]):
        month = [list(row) for row in members]
        for column in columns:
            small = [row for row in month if _small(row[column.count], minimum)]
            if len(small) == 1:
                count = column.count
                others = [row for row in month if row not in small and isinstance(row[count], int) and row[count] > 0]
                if others:
                    small.append(min(others, key=lambda row: row[count]))
            for row in small:
                for index in (column.count, *column.derived):
                    row[index] = None
        hidden_rows.extend(month)
    return hidden_rows
