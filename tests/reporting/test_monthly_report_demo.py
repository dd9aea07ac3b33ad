"""The demo's monthly reports on a small instance: every ended month since
January 2022, most accepted on time, some late, a few of the last six
missing, the health office's newest returned."""

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.core.months import YearMonth, month_range
from peduli.demo.monthly_reports import MONTHS, demo_monthly_reports_load
from peduli.reporting.models import MonthlyReport
from peduli.reporting.monthly_reports.selectors import ReportState, monthly_report_state


def test_demo_reports_cover_every_ended_month_with_every_state(agencies: dict[str, Agency], admin: User) -> None:
    from peduli.agencies.services import agency_create

    for n in range(12):
        agency_create(actor=None, code=f"OPD-{n}", name=f"Dinas Contoh {n}", kind="dinas",
                      valid_from=agencies["dinkes"].valid_from)  # fmt: skip
    last = YearMonth.current() - 1
    assert demo_monthly_reports_load() == 15 * len(month_range(YearMonth(2022, 1), last))
    reports = list(MonthlyReport.objects.all())
    states = [monthly_report_state(r, month=YearMonth.of(r.month)) for r in reports]
    assert states.count(ReportState.ON_TIME) > len(states) / 2
    assert ReportState.LATE in states and ReportState.MISSING in states
    missing = [r for r, state in zip(reports, states, strict=True) if state == ReportState.MISSING]
    assert all(YearMonth.of(r.month) > last - MONTHS for r in missing)
    returned = MonthlyReport.objects.get(status="returned")
    assert (returned.agency.code, YearMonth.of(returned.month)) == ("DINKES", last)
    assert returned.review_note and returned.reviewed_by == admin
    assert MonthlyReport.objects.filter(status="accepted").count() > len(reports) / 2
    for report in MonthlyReport.objects.exclude(submitted_at=None):
        sent = report.submitted_at
        assert sent is not None and sent.date() >= (YearMonth.of(report.month) + 1).first_day
        assert report.reviewed_at is None or report.reviewed_at > sent
