"""The monthly report workflow through its services and the real database:
who opens, fills in, submits, accepts and returns; figures frozen at
submission; an accepted report locked; notifications to the other side;
reminders at most once a day."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.notifications.models import Notification
from peduli.reporting.models import MonthlyReport
from peduli.reporting.monthly_reports.selectors import (
    ReportState,
    monthly_report_state,
    report_deadline,
)
from peduli.reporting.monthly_reports.services import (
    monthly_report_accept,
    monthly_report_open,
    monthly_report_return,
    monthly_report_save,
    monthly_report_submit,
    monthly_reports_open,
    monthly_reports_remind,
    monthly_reports_remind_due,
)
from tests.support.records.monthly_reports import reporters

LAST = YearMonth.current() - 1


@pytest.fixture
def people(user_factory: Callable[..., User], agencies: dict[str, Agency]) -> dict[str, User]:
    return reporters(user_factory, agencies)


def submitted(agency: Any, operator: Any, remarks: str = "Sosialisasi di 3 bidang.") -> MonthlyReport:
    return monthly_report_submit(actor=operator, agency=agency, month=LAST, remarks=remarks)


def test_deadline_is_the_configured_day_of_the_following_month_on_a_working_day(settings: Settings, db: None) -> None:
    assert report_deadline(YearMonth(2025, 6)) == date(2025, 7, 10)  # a Thursday
    assert report_deadline(YearMonth(2025, 12)) == date(2026, 1, 12)  # 10 January 2026 is a Saturday
    assert report_deadline(YearMonth(2026, 4)) == date(2026, 5, 11)  # 10 May 2026 is a Sunday
    settings.PEDULI_REPORT_DEADLINE_DAY = 31
    assert report_deadline(YearMonth(2025, 1)) == date(2025, 2, 28)  # February is shorter
    settings.PEDULI_REPORT_DEADLINE_DAY, settings.PEDULI_REPORT_DEADLINE_WORKING_DAY = 10, False
    assert report_deadline(YearMonth(2025, 12)) == date(2026, 1, 10)


def test_opening_prefills_the_agencys_figures_and_sets_the_deadline(
    agencies: dict[str, Agency], people: dict[str, User]
) -> None:
    report = monthly_report_open(actor=people["dinkes"], agency=agencies["dinkes"], month=LAST)
    assert report.status == MonthlyReport.Status.DRAFT
    assert report.deadline == report_deadline(LAST)
    assert report.figures["scope"] == f"agency:{agencies['dinkes'].code}"
    assert report.figures["month"] == str(LAST)
    assert "civil_servants_total" in report.figures
    # Opening again takes the same report.
    assert monthly_report_open(actor=None, agency=agencies["dinkes"], month=LAST).pk == report.pk


def test_an_operator_reports_only_for_their_own_agency(agencies: dict[str, Agency], people: dict[str, User]) -> None:
    with pytest.raises(ApplicationError, match="Hanya operator OPD ini"):
        monthly_report_submit(actor=people["disdik"], agency=agencies["dinkes"], month=LAST, remarks="")
    with pytest.raises(ApplicationError, match="Hanya operator OPD ini"):
        monthly_report_open(actor=people["camat"], agency=agencies["dinkes"], month=LAST)


def test_the_district_operator_reports_for_their_district_office(
    agencies: dict[str, Agency], people: dict[str, User], admin: User
) -> None:
    report = submitted(agencies["kec"], people["camat"])
    assert report.status == MonthlyReport.Status.SUBMITTED
    assert report.submitted_by == people["camat"]
    assert Notification.objects.filter(user=admin, url__contains=f"/{agencies['kec'].pk}/{LAST}/").exists()


def test_the_current_month_is_submitted_only_after_it_ends(
    agencies: dict[str, Agency], people: dict[str, User]
) -> None:
    with pytest.raises(ApplicationError, match="setelah bulan itu berakhir"):
        monthly_report_submit(actor=people["dinkes"], agency=agencies["dinkes"], month=LAST + 1, remarks="")
    with pytest.raises(ApplicationError, match="belum dapat dibuka"):
        monthly_report_open(actor=people["dinkes"], agency=agencies["dinkes"], month=LAST + 2)


def test_submitting_freezes_the_figures_and_tells_the_labour_office(
    agencies: dict[str, Agency], people: dict[str, User], admin: User
) -> None:
    report = monthly_report_open(actor=people["dinkes"], agency=agencies["dinkes"], month=LAST)
    MonthlyReport.objects.filter(pk=report.pk).update(figures={"stale": True})
    report = submitted(agencies["dinkes"], people["dinkes"])
    assert "stale" not in report.figures and report.figures["scope"] == "agency:DINKES"
    assert report.remarks == "Sosialisasi di 3 bidang."
    inbox = Notification.objects.get(user=admin)
    assert inbox.title == f"Dinas Kesehatan mengirim laporan bulanan {LAST.label}"
    assert inbox.url == f"/laporan/bulanan/{agencies['dinkes'].pk}/{LAST}/"
    # The operator is not told about their own submission.
    assert not Notification.objects.filter(user=people["dinkes"]).exists()


def test_a_draft_keeps_remarks_without_telling_anyone(agencies: dict[str, Agency], people: dict[str, User]) -> None:
    report = monthly_report_save(actor=people["dinkes"], agency=agencies["dinkes"], month=LAST, remarks="  Draf  ")
    assert (report.status, report.remarks) == (MonthlyReport.Status.DRAFT, "Draf")
    assert not Notification.objects.exists()


def test_returning_needs_a_note_and_the_corrected_report_is_resubmitted(
    agencies: dict[str, Agency], people: dict[str, User], admin: User
) -> None:
    report = submitted(agencies["dinkes"], people["dinkes"])
    with pytest.raises(ApplicationError, match="Tulis catatan") as refused:
        monthly_report_return(actor=admin, report=report, note="   ")
    assert refused.value.field == "note"
    report = monthly_report_return(actor=admin, report=report, note="Lengkapi kegiatan bulan ini.")
    assert (report.status, report.reviewed_by) == (MonthlyReport.Status.RETURNED, admin)
    told = Notification.objects.get(user=people["dinkes"])
    assert "dikembalikan" in told.title and "Lengkapi kegiatan" in told.body
    assert monthly_report_state(report, month=LAST) == ReportState.RETURNED

    report = submitted(agencies["dinkes"], people["dinkes"], remarks="Sudah dilengkapi.")
    assert (report.status, report.remarks) == (MonthlyReport.Status.SUBMITTED, "Sudah dilengkapi.")
    assert Notification.objects.filter(user=admin, title__contains="mengirim ulang").exists()


def test_an_accepted_report_is_locked(agencies: dict[str, Agency], people: dict[str, User], admin: User) -> None:
    report = submitted(agencies["dinkes"], people["dinkes"])
    report = monthly_report_accept(actor=admin, report=report)
    assert report.status == MonthlyReport.Status.ACCEPTED
    assert Notification.objects.filter(user=people["dinkes"], title__contains="diterima").exists()
    frozen = MonthlyReport.objects.get(pk=report.pk)
    attempts = [
        lambda: monthly_report_save(actor=people["dinkes"], agency=agencies["dinkes"], month=LAST, remarks="x"),
        lambda: submitted(agencies["dinkes"], people["dinkes"], remarks="x"),
        lambda: monthly_report_return(actor=admin, report=report, note="x"),
        lambda: monthly_report_accept(actor=admin, report=report),
    ]
    for attempt in attempts:
        with pytest.raises(ApplicationError) as refused:
            attempt()
        assert refused.value.code == "locked"
    # Opening it again (the command does for every agency) leaves its figures alone.
    monthly_report_open(actor=None, agency=agencies["dinkes"], month=LAST)
    after = MonthlyReport.objects.get(pk=report.pk)
    assert (after.remarks, after.figures, after.status) == (frozen.remarks, frozen.figures, frozen.status)


def test_only_the_labour_office_reviews_and_only_submitted_reports(
    agencies: dict[str, Agency], people: dict[str, User], user_factory: Callable[..., User], admin: User
) -> None:
    draft = monthly_report_open(actor=people["dinkes"], agency=agencies["dinkes"], month=LAST)
    with pytest.raises(ApplicationError, match="sudah dikirim OPD"):
        monthly_report_accept(actor=admin, report=draft)
    report = submitted(agencies["dinkes"], people["dinkes"])
    for outsider in (people["dinkes"], user_factory("leader")):
        with pytest.raises(ApplicationError) as refused:
            monthly_report_accept(actor=outsider, report=report)
        assert refused.value.code == "forbidden"
    with pytest.raises(ApplicationError, match="sedang diperiksa"):
        monthly_report_save(actor=people["dinkes"], agency=agencies["dinkes"], month=LAST, remarks="x")


def test_state_is_on_time_late_missing_or_waiting(agencies: dict[str, Agency], people: dict[str, User]) -> None:
    deadline = report_deadline(LAST)
    assert monthly_report_state(None, month=LAST, today=deadline) == ReportState.WAITING
    assert monthly_report_state(None, month=LAST, today=deadline + timedelta(days=1)) == ReportState.MISSING
    report = submitted(agencies["dinkes"], people["dinkes"])
    at_deadline = timezone.make_aware(datetime.combine(deadline, time.max))
    report.submitted_at = at_deadline
    assert monthly_report_state(report, month=LAST) == ReportState.ON_TIME
    report.submitted_at = at_deadline + timedelta(seconds=1)
    assert monthly_report_state(report, month=LAST) == ReportState.LATE


def test_opening_a_month_for_everyone_is_idempotent(agencies: dict[str, Agency], people: dict[str, User]) -> None:
    submitted(agencies["dinkes"], people["dinkes"])
    assert monthly_reports_open(actor=None, month=LAST) == 2  # education office and the district office
    assert monthly_reports_open(actor=None, month=LAST) == 0
    assert MonthlyReport.objects.filter(month=LAST.first_day).count() == 3
    assert MonthlyReport.objects.get(agency=agencies["dinkes"], month=LAST.first_day).status == "submitted"


def test_reminders_reach_operators_of_agencies_that_have_not_reported_once_a_day(
    agencies: dict[str, Agency], people: dict[str, User], admin: User
) -> None:
    submitted(agencies["dinkes"], people["dinkes"])
    result = monthly_reports_remind(actor=admin, month=LAST)
    assert {a.code for a in result.reminded} == {"DISDIK", "KEC-15"}
    assert result.already_today == [] and result.without_reporters == []
    told = Notification.objects.filter(title__startswith="Pengingat laporan bulanan")
    assert sorted(n.user_id for n in told) == sorted([people["disdik"].pk, people["camat"].pk])
    assert not told.filter(user=people["dinkes"]).exists()

    again = monthly_reports_remind(actor=admin, month=LAST)
    assert again.reminded == [] and {a.code for a in again.already_today} == {"DISDIK", "KEC-15"}
    assert told.count() == 2
    # Yesterday's reminder does not stop today's.
    Notification.objects.update(created_at=timezone.now() - timedelta(days=1))
    assert len(monthly_reports_remind(actor=admin, month=LAST).reminded) == 2


def test_the_scheduler_reminds_from_a_few_days_before_the_deadline_on(
    agencies: dict[str, Agency], people: dict[str, User], settings: Settings
) -> None:
    settings.PEDULI_REPORT_REMINDER_DAYS_BEFORE = 3
    submitted(agencies["dinkes"], people["dinkes"])
    deadline = report_deadline(LAST)
    told = Notification.objects.filter(title__startswith="Pengingat laporan bulanan")

    assert monthly_reports_remind_due(today=deadline - timedelta(days=4)) is None
    assert not told.exists()
    result = monthly_reports_remind_due(today=deadline - timedelta(days=3))
    assert result is not None and {a.code for a in result.reminded} == {"DISDIK", "KEC-15"}
    assert sorted(n.user_id for n in told) == sorted([people["disdik"].pk, people["camat"].pk])
    late = monthly_reports_remind_due(today=deadline + timedelta(days=5))
    assert late is not None and {a.code for a in late.already_today} == {"DISDIK", "KEC-15"}  # once a day


def test_reminding_one_agency_and_agencies_without_an_operator(
    agencies: dict[str, Agency], people: dict[str, User], admin: User
) -> None:
    people["disdik"].delete()
    result = monthly_reports_remind(actor=admin, month=LAST, agencies=[agencies["disdik"]])
    assert result.reminded == [] and result.without_reporters == [agencies["disdik"]]
    submitted(agencies["dinkes"], people["dinkes"])
    with pytest.raises(ApplicationError) as refused:
        monthly_reports_remind(actor=admin, month=LAST, agencies=[agencies["dinkes"]])
    assert refused.value.code == "already_submitted"
    with pytest.raises(ApplicationError) as refused:
        monthly_reports_remind(actor=people["dinkes"], month=LAST)
    assert refused.value.code == "forbidden"
