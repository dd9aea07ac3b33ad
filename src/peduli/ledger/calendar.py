"""The BPJS calendar, in one place: when a month's premium is due, what is
overdue on a given day, and the working days behind both (which the monthly
report's deadline uses too).

A non-wage (BPU) member's premium of month M is due by the 15th of M; when
that day is not a working day — a Saturday, a Sunday, a national public
holiday or cuti bersama (the maintained `holidays` package), or a day off the
labour office recorded (`DayOff`) — by the next working day. A due is in
arrears only after its due date; BPU members pay no late fine. Every page,
export, notification, task, API and command that says arrears, overdue,
lapse, late or on time asks these functions.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from peduli.core.months import YearMonth
from peduli.ledger.models import DayOff
from peduli.regions.selectors import instance_region_code

PREMIUM_DUE_DAY = 15
# The holidays package's name for the page's language (its English is en_US).
HOLIDAY_LANGUAGES = {"id": "id", "en": "en_US"}
# Far enough ahead to pass any run of days off (Lebaran's cuti bersama is the longest).
_LOOKAHEAD = timedelta(days=31)


@lru_cache(maxsize=32)
def _national_days_off(year: int, language: str = "id") -> dict[date, str]:
    return dict(holidays.country_holidays("ID", years=year, categories=("public", "government"), language=language))


def days_off(first: date, last: date, *, regency_id: str | None = None) -> dict[date, str]:
    """The days off between `first` and `last` (weekends aside) with their
    names: national holidays and cuti bersama, and the days the labour office
    recorded for every region or for this regency (the instance's by default)."""
    regency_id = instance_region_code() if regency_id is None else regency_id
    found = {
        day: name
        for year in range(first.year, last.year + 1)
        for day, name in _national_days_off(year, HOLIDAY_LANGUAGES.get(get_language(), "id")).items()
        if first <= day <= last
    }
    recorded = DayOff.objects.filter(day__range=(first, last)).filter(
        Q(regency__isnull=True) | Q(regency_id=regency_id)
    )
    found.update(recorded.values_list("day", "name"))
    return found


def next_working_day(day: date, *, regency_id: str | None = None) -> date:
    """`day` itself when it is a working day, otherwise the first working day after it."""
    off = days_off(day, day + _LOOKAHEAD, regency_id=regency_id)
    while day.weekday() >= 5 or day in off:
        day += timedelta(days=1)
    return day


def is_working_day(day: date, *, regency_id: str | None = None) -> bool:
    return next_working_day(day, regency_id=regency_id) == day


def premium_due_date(month: YearMonth, *, regency_id: str | None = None) -> date:
    """The last day to pay `month`'s premium without being in arrears."""
    return next_working_day(date(month.year, month.month, PREMIUM_DUE_DAY), regency_id=regency_id)


def premium_overdue(month: YearMonth, *, on: date | None = None, regency_id: str | None = None) -> bool:
    """Whether `month`'s premium, unpaid, is in arrears on `on` (today)."""
    return (on or timezone.localdate()) > premium_due_date(month, regency_id=regency_id)


def last_overdue_month(*, on: date | None = None, regency_id: str | None = None) -> YearMonth:
    """The latest month whose premium is overdue on `on` (today): this month
    once its due date has passed, the month before until then."""
    on = on or timezone.localdate()
    month = YearMonth.of(on)
    return month if premium_overdue(month, on=on, regency_id=regency_id) else month - 1


def overdue_through(month: YearMonth, *, on: date | None = None, regency_id: str | None = None) -> YearMonth:
    """The cut-off of "arrears up to `month`" on `on` (today): `month` when
    its premium is overdue, otherwise the last month before it that is."""
    return min(month, last_overdue_month(on=on, regency_id=regency_id))


def report_deadline(month: YearMonth, *, regency_id: str | None = None) -> date:
    """The day a month's report is due: PEDULI_REPORT_DEADLINE_DAY of the
    following month (the month's last day in a shorter month), moved to the
    next working day unless PEDULI_REPORT_DEADLINE_WORKING_DAY is off."""
    following = month + 1
    day = min(max(settings.PEDULI_REPORT_DEADLINE_DAY, 1), following.last_day.day)
    deadline = date(following.year, following.month, day)
    if settings.PEDULI_REPORT_DEADLINE_WORKING_DAY:
        return next_working_day(deadline, regency_id=regency_id)
    return deadline


@dataclass(frozen=True)
class CalendarMonth:
    """A month's two dates: the premium's due date and its report's deadline."""

    month: YearMonth
    premium_due: date
    report_deadline: date

    @property
    def premium_due_moved(self) -> bool:
        return self.premium_due.day != PREMIUM_DUE_DAY


def calendar_year(year: int, *, regency_id: str | None = None) -> list[CalendarMonth]:
    """The twelve months of `year` with their due dates and report deadlines."""
    return [
        CalendarMonth(
            month, premium_due_date(month, regency_id=regency_id), report_deadline(month, regency_id=regency_id)
        )
        for month in (YearMonth(year, m) for m in range(1, 13))
    ]


def day_off_queryset(*, regency_id: str | None = None) -> QuerySet[DayOff]:
    """The days off the labour office recorded for every region or the regency
    (the instance's by default); public facts, no personal data."""
    regency_id = instance_region_code() if regency_id is None else regency_id
    return DayOff.objects.filter(Q(regency__isnull=True) | Q(regency_id=regency_id))


def recorded_days_off(year: int, *, regency_id: str | None = None) -> QuerySet[DayOff]:
    return day_off_queryset(regency_id=regency_id).filter(day__year=year)
