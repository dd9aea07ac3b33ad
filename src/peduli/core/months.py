"""YearMonth: the period every due, payment allocation and report is about.

Stored in the database as the first day of the month (a DateField), so both
databases compare and index it natively; code works with YearMonth.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

_PATTERN = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


@dataclass(frozen=True, order=True)
class YearMonth:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1900 <= self.year <= 2999:
            raise ValueError(_("Bulan tidak dikenal: %(year)s-%(month)s.") % {"year": self.year, "month": self.month})

    @classmethod
    def parse(cls, text: str) -> "YearMonth":
        """'2025-06' → YearMonth(2025, 6); ValueError with an Indonesian message otherwise."""
        match = _PATTERN.match(text or "")
        if not match:
            raise ValueError(_("Tulis bulan sebagai TTTT-BB, misalnya 2025-06 (diberikan: %(text)s).") % {"text": text})
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def of(cls, day: date) -> "YearMonth":
        return cls(day.year, day.month)

    @classmethod
    def current(cls) -> "YearMonth":
        return cls.of(timezone.localdate())

    @classmethod
    def from_index(cls, index: int) -> "YearMonth":
        return cls(index // 12, index % 12 + 1)

    @property
    def index(self) -> int:
        """Months since year 0: differences of indexes count months."""
        return self.year * 12 + self.month - 1

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return (self + 1).first_day - timedelta(days=1)

    @property
    def label(self) -> str:
        """'Juni 2025' ('June 2025' on an English page): Django's month names,
        the same the `date` filter writes."""
        return f"{MONTHS[self.month]} {self.year}"

    def __add__(self, months: int) -> "YearMonth":
        return YearMonth.from_index(self.index + months)

    def __sub__(self, months: int) -> "YearMonth":
        return YearMonth.from_index(self.index - months)

    def months_until(self, other: "YearMonth") -> int:
        """How many months from this one to `other` (negative when earlier)."""
        return other.index - self.index

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def month_range(first: YearMonth, last: YearMonth) -> list[YearMonth]:
    """Every month from `first` to `last`, both included."""
    return [YearMonth.from_index(i) for i in range(first.index, last.index + 1)]
