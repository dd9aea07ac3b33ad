"""Days the calendar's rules turn on, for tests that move the pinned clock
(the `today` fixture of tests/conftest.py) relative to the month they test."""

from datetime import date, timedelta

from peduli.core.months import YearMonth
from peduli.ledger.calendar import premium_due_date, report_deadline


def last_day_to_pay(month: YearMonth) -> date:
    """The premium's due date: unpaid, the month is not in arrears yet."""
    return premium_due_date(month)


def first_day_overdue(month: YearMonth) -> date:
    """The day after the due date: unpaid, the month is in arrears."""
    return premium_due_date(month) + timedelta(days=1)


def first_day_late(month: YearMonth) -> date:
    """The day after the month's report deadline."""
    return report_deadline(month) + timedelta(days=1)
