"""The demo's months are the report board's (issue 16 point 10): every
agency's report is there for every ended month of the movement's records,
and no month before the records start or after the demo's last month is
claimed missing — whatever the day the demo is loaded and looked at."""

import pytest
from django.db.models import Min

from peduli.accounts.models import User
from peduli.core.months import YearMonth, month_range
from peduli.ledger.models import Due
from peduli.reporting.monthly_reports.selectors import ReportState, monthly_report_board


@pytest.mark.calendar
def test_the_board_claims_missing_only_the_reports_the_demo_left_unsent(demo: str, db: None) -> None:
    # The movement's records start with its first dues; the demo's last month is this one.
    first = YearMonth.of(Due.objects.aggregate(first=Min("month"))["first"])
    now = YearMonth.current()
    board = monthly_report_board(User.objects.get(username="disperinaker"), months=month_range(first - 3, now + 2))

    assert len(board.rows) == 38
    missing = []
    for row in board.rows:
        for cell in row.cells:
            if cell.month < first:
                assert cell.state == ReportState.NOT_EXPECTED, (row.agency.code, cell.month)
            elif cell.month >= now:
                assert cell.state == ReportState.WAITING and cell.report is None, (row.agency.code, cell.month)
            else:
                # Every ended month the demo has data for has the agency's report.
                assert cell.report is not None, (row.agency.code, cell.month)
                if cell.state == ReportState.MISSING:
                    missing.append(cell.month)
    # A few reports of the last six months were never sent, as in life; none earlier.
    assert missing and min(missing) >= now - 6
    rates = {rate.month: rate for rate in board.rates}
    assert all(rates[month].submitted == rates[month].expected == 38 for month in month_range(first, now - 7))
