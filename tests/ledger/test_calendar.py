"""The BPJS calendar at its boundary days: the premium of month M is due by
the 15th of M, or the next working day after a weekend, a national holiday,
a cuti bersama or a day off the labour office recorded; arrears start the
day after. Dates here are fixed; the functions take the day asked."""

import re
from collections.abc import Callable
from datetime import date

import pytest

from peduli.accounts.models import User
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.ledger.calendar import (
    calendar_year,
    is_working_day,
    last_overdue_month,
    overdue_through,
    premium_due_date,
    premium_overdue,
)
from peduli.ledger.calendar_services import day_off_record, day_off_remove
from peduli.ledger.models import DayOff
from peduli.regions.models import Region

DECEMBER_2026 = YearMonth(2026, 12)  # 15 December 2026 is a Tuesday
NOVEMBER_2026 = YearMonth(2026, 11)  # 15 November 2026 is a Sunday
MAY_2026 = YearMonth(2026, 5)  # 15 May 2026 is the cuti bersama after Ascension Day


def test_an_ordinary_15th_is_the_due_date_and_arrears_start_the_day_after(db: None) -> None:
    assert premium_due_date(DECEMBER_2026) == date(2026, 12, 15)
    assert not premium_overdue(DECEMBER_2026, on=date(2026, 12, 14))
    assert not premium_overdue(DECEMBER_2026, on=date(2026, 12, 15))
    assert premium_overdue(DECEMBER_2026, on=date(2026, 12, 16))


def test_a_15th_on_a_sunday_moves_to_monday(db: None) -> None:
    assert premium_due_date(NOVEMBER_2026) == date(2026, 11, 16)
    assert not premium_overdue(NOVEMBER_2026, on=date(2026, 11, 16))
    assert premium_overdue(NOVEMBER_2026, on=date(2026, 11, 17))


def test_a_15th_that_is_a_holiday_moves_past_it_and_the_weekend(db: None) -> None:
    assert not is_working_day(date(2026, 5, 15))
    assert premium_due_date(MAY_2026) == date(2026, 5, 18)
    assert not premium_overdue(MAY_2026, on=date(2026, 5, 16))
    assert premium_overdue(MAY_2026, on=date(2026, 5, 19))


def test_a_recorded_day_off_moves_the_due_date_and_removing_it_moves_it_back(admin: User) -> None:
    day_off = day_off_record(actor=admin, day=date(2026, 12, 15), name="Cuti bersama daerah")
    assert premium_due_date(DECEMBER_2026) == date(2026, 12, 16)
    assert not premium_overdue(DECEMBER_2026, on=date(2026, 12, 16))
    day_off_remove(actor=admin, day_off=day_off)
    assert premium_due_date(DECEMBER_2026) == date(2026, 12, 15)


def test_another_regencys_day_off_does_not_move_ours(kendal: Region, admin: User) -> None:
    Region.objects.create(code="33.25", name="Kabupaten Batang", level=Region.Level.REGENCY, parent_id="33")
    DayOff.objects.create(regency_id="33.25", day=date(2026, 12, 15), name="Libur daerah Batang")
    assert premium_due_date(DECEMBER_2026) == date(2026, 12, 15)
    assert premium_due_date(DECEMBER_2026, regency_id="33.25") == date(2026, 12, 16)


def test_the_last_overdue_month_turns_after_the_due_date(db: None) -> None:
    assert last_overdue_month(on=date(2026, 12, 1)) == NOVEMBER_2026
    assert last_overdue_month(on=date(2026, 12, 15)) == NOVEMBER_2026
    assert last_overdue_month(on=date(2026, 12, 16)) == DECEMBER_2026
    assert last_overdue_month(on=date(2027, 1, 1)) == DECEMBER_2026
    assert last_overdue_month(on=date(2028, 2, 29)) == YearMonth(2028, 2)  # 15 February 2028 is a Tuesday
    assert overdue_through(DECEMBER_2026, on=date(2026, 12, 2)) == NOVEMBER_2026
    assert overdue_through(NOVEMBER_2026, on=date(2026, 12, 16)) == NOVEMBER_2026


def test_a_year_of_due_dates_and_report_deadlines(db: None) -> None:
    months = calendar_year(2026)
    assert [m.premium_due.day for m in months] == [15, 18, 16, 15, 18, 15, 15, 18, 15, 15, 16, 15]
    assert [m.month for m in months if m.premium_due_moved] == [YearMonth(2026, n) for n in (2, 3, 5, 8, 11)]
    assert months[11].report_deadline == date(2027, 1, 11)  # 10 January 2027 is a Sunday


@pytest.mark.parametrize(
    ("day", "name", "message"),
    [
        (date(2026, 12, 19), "Libur", "sudah hari libur (hari Sabtu)"),
        (date(2026, 12, 25), "Libur", "sudah hari libur (Hari Raya Natal)"),
        (date(2026, 12, 14), "  ", "Tulis keterangan"),
        (date(2035, 1, 2), "Libur", "harus antara tahun"),
    ],
)
def test_a_day_off_that_adds_nothing_is_refused_in_indonesian(admin: User, day: date, name: str, message: str) -> None:
    with pytest.raises(ApplicationError, match=re.escape(message)):
        day_off_record(actor=admin, day=day, name=name)


def test_only_the_labour_office_records_days_off(kendal: Region, user_factory: Callable[..., User]) -> None:
    with pytest.raises(ApplicationError, match="Hanya Disperinaker"):
        day_off_record(actor=user_factory("bpjs_officer"), day=date(2026, 12, 14), name="Libur")
