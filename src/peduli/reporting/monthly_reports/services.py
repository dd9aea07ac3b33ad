"""The monthly report workflow (laporan bulanan): every agency and district
office reports each month to the labour office.

    (none) ──open──▶ draft ──submit──▶ submitted ──accept──▶ accepted (locked)
                       ▲                   │
                       └──── returned ◀────┘ return (with a note)

Peduli fills in the figures from the indicators when a report is opened and
refreshes them while it is a draft or returned; submitting freezes them. The
agency's reporters (`monthly_report_reporters`) write remarks and submit; the
labour office accepts or returns. Each step tells the other side.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, actor_may, require_role
from peduli.agencies.models import Agency
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.ledger.calendar import report_deadline
from peduli.notifications.services import notifications_send
from peduli.reporting.models import MonthlyReport
from peduli.reporting.monthly_reports.policy import EDITABLE, reports_for_agency
from peduli.reporting.monthly_reports.selectors import (
    REMINDER_TITLE,
    agencies_expected_in,
    agency_expected_in,
    monthly_report_figures,
    monthly_report_last_reminders,
    monthly_report_month_rows,
    monthly_report_reporters,
    monthly_report_reviewers,
    monthly_report_url,
)

REMARKS_MAX = 4000


def _reviewer(actor: User | None) -> bool:
    return actor_may(actor, Capability.REVIEW_MONTHLY_REPORTS)


def _require_reporter(actor: User | None, agency: Agency) -> None:
    if actor is not None and not reports_for_agency(actor, agency):
        raise ApplicationError(
            _("Hanya operator OPD ini yang dapat mengisi dan mengirim laporannya."), code="forbidden"
        )


def _check_month(agency: Agency, month: YearMonth) -> None:
    if month > YearMonth.current():
        raise ApplicationError(
            _("Laporan %(month)s belum dapat dibuka.") % {"month": month.label}, field="month", code="future_month"
        )
    if not agency_expected_in(agency, month):
        raise ApplicationError(
            _("%(agency)s tidak berdiri pada %(month)s, jadi tidak wajib melapor.")
            % {"agency": agency.name, "month": month.label},
            field="month",
            code="agency_not_active",
        )


def _locked_report(agency: Agency, month: YearMonth) -> MonthlyReport | None:
    return MonthlyReport.objects.select_for_update().filter(agency=agency, month=month.first_day).first()


def _open(agency: Agency, month: YearMonth) -> MonthlyReport:
    """The agency's report of the month under a row lock, made when missing."""
    report = _locked_report(agency, month)
    if report is not None:
        return report
    try:
        with transaction.atomic():
            return MonthlyReport.objects.create(
                regency=agency.regency,
                agency=agency,
                month=month.first_day,
                deadline=report_deadline(month),
                figures=monthly_report_figures(agency=agency, month=month),
            )
    except IntegrityError:
        # Someone opened it at the same moment: take theirs.
        report = _locked_report(agency, month)
        assert report is not None
        return report


def _require_editable(report: MonthlyReport) -> None:
    if report.status == MonthlyReport.Status.ACCEPTED:
        raise ApplicationError(_("Laporan sudah diterima Disperinaker dan tidak dapat diubah lagi."), code="locked")
    if report.status == MonthlyReport.Status.SUBMITTED:
        raise ApplicationError(
            _("Laporan sudah dikirim dan sedang diperiksa Disperinaker; tunggu sampai diterima atau dikembalikan."),
            code="submitted",
        )


def _clean_remarks(remarks: str) -> str:
    remarks = remarks.strip()
    if len(remarks) > REMARKS_MAX:
        raise ApplicationError(_("Keterangan paling panjang %(n)s karakter.") % {"n": REMARKS_MAX}, field="remarks")
    return remarks


@transaction.atomic
def monthly_report_open(*, actor: User | None, agency: Agency, month: YearMonth) -> MonthlyReport:
    """Open the agency's report of the month (or take the one already open)
    with fresh figures while it may still change."""
    if not _reviewer(actor):
        _require_reporter(actor, agency)
    _check_month(agency, month)
    report = _open(agency, month)
    if report.status in EDITABLE:
        report.figures = monthly_report_figures(agency=agency, month=month)
        report.save(update_fields=["figures"])
    return report


@transaction.atomic
def monthly_reports_open(*, actor: User | None, month: YearMonth) -> int:
    """Open the month's report of every agency and district office that
    existed in it and has none yet, in one insert; returns how many."""
    require_role(actor, Capability.REVIEW_MONTHLY_REPORTS)
    if month > YearMonth.current():
        raise ApplicationError(
            _("Laporan %(month)s belum dapat dibuka.") % {"month": month.label}, field="month", code="future_month"
        )
    opened = MonthlyReport.objects.filter(month=month.first_day).values("agency_id")
    agencies = agencies_expected_in(Agency.objects.select_related("regency"), month).exclude(pk__in=opened)
    deadline = report_deadline(month)
    created = MonthlyReport.objects.bulk_create(
        [
            MonthlyReport(
                regency=agency.regency,
                agency=agency,
                month=month.first_day,
                deadline=deadline,
                figures=monthly_report_figures(agency=agency, month=month),
            )
            for agency in agencies
        ],
        ignore_conflicts=True,
    )
    return len(created)


@transaction.atomic
def monthly_report_save(*, actor: User | None, agency: Agency, month: YearMonth, remarks: str) -> MonthlyReport:
    """Keep the remarks of a draft (or returned) report without sending it."""
    _require_reporter(actor, agency)
    _check_month(agency, month)
    report = _open(agency, month)
    _require_editable(report)
    report.remarks = _clean_remarks(remarks)
    report.figures = monthly_report_figures(agency=agency, month=month)
    report.save(update_fields=["remarks", "figures"])
    return report


@transaction.atomic
def monthly_report_submit(*, actor: User | None, agency: Agency, month: YearMonth, remarks: str) -> MonthlyReport:
    """Send the report to the labour office: the figures are frozen as they
    are now. A month is reported once it is over; a returned report may be
    corrected and sent again."""
    _require_reporter(actor, agency)
    _check_month(agency, month)
    if month >= YearMonth.current():
        raise ApplicationError(
            _("Laporan %(month)s baru dapat dikirim setelah bulan itu berakhir.") % {"month": month.label},
            field="month",
            code="month_open",
        )
    report = _open(agency, month)
    _require_editable(report)
    resubmitted = report.status == MonthlyReport.Status.RETURNED
    report.remarks = _clean_remarks(remarks)
    report.figures = monthly_report_figures(agency=agency, month=month)
    report.status = MonthlyReport.Status.SUBMITTED
    report.submitted_by, report.submitted_at = actor, timezone.now()
    report.save(update_fields=["remarks", "figures", "status", "submitted_by", "submitted_at"])
    verb = "mengirim ulang" if resubmitted else "mengirim"
    notifications_send(
        users=monthly_report_reviewers(),
        title=f"{agency.name} {verb} laporan bulanan {month.label}",
        body=f"Periksa lalu terima atau kembalikan laporan {agency.name}.",
        url=monthly_report_url(agency, month),
    )
    return report


def _locked(report: MonthlyReport) -> MonthlyReport:
    return MonthlyReport.objects.select_for_update().select_related("agency").get(pk=report.pk)


def _require_submitted(report: MonthlyReport) -> None:
    if report.status == MonthlyReport.Status.ACCEPTED:
        raise ApplicationError(_("Laporan sudah diterima dan terkunci."), code="locked")
    if report.status != MonthlyReport.Status.SUBMITTED:
        raise ApplicationError(_("Hanya laporan yang sudah dikirim OPD yang dapat diperiksa."), code="not_submitted")


@transaction.atomic
def monthly_report_accept(*, actor: User | None, report: MonthlyReport) -> MonthlyReport:
    """Accept a submitted report; from now on nobody changes it."""
    require_role(actor, Capability.REVIEW_MONTHLY_REPORTS)
    report = _locked(report)
    _require_submitted(report)
    report.status = MonthlyReport.Status.ACCEPTED
    report.reviewed_by, report.reviewed_at = actor, timezone.now()
    report.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    month = YearMonth.of(report.month)
    notifications_send(
        users=monthly_report_reporters(report.agency),
        title=f"Laporan bulanan {month.label} diterima",
        body="Disperinaker menerima laporan OPD Anda. Terima kasih.",
        url=monthly_report_url(report.agency, month),
    )
    return report


@transaction.atomic
def monthly_report_return(*, actor: User | None, report: MonthlyReport, note: str) -> MonthlyReport:
    """Send a submitted report back for correction, saying what to correct."""
    require_role(actor, Capability.REVIEW_MONTHLY_REPORTS)
    note = note.strip()
    if not note:
        raise ApplicationError(_("Tulis catatan: apa yang perlu diperbaiki OPD."), field="note", code="note_required")
    report = _locked(report)
    _require_submitted(report)
    report.status = MonthlyReport.Status.RETURNED
    report.review_note = note
    report.reviewed_by, report.reviewed_at = actor, timezone.now()
    report.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    month = YearMonth.of(report.month)
    notifications_send(
        users=monthly_report_reporters(report.agency),
        title=f"Laporan bulanan {month.label} dikembalikan",
        body=f"Catatan Disperinaker: {note}",
        url=monthly_report_url(report.agency, month),
    )
    return report


@dataclass(frozen=True)
class Reminders:
    reminded: list[Agency]
    already_today: list[Agency]  # reminded earlier today: not twice a day
    without_reporters: list[Agency]  # nobody to tell: give the agency an operator account


@transaction.atomic
def monthly_reports_remind(
    *, actor: User | None, month: YearMonth, agencies: Sequence[Agency] | None = None
) -> Reminders:
    """Remind the reporters of agencies that have not submitted the month's
    report (all such agencies, or those listed). The reminder in their inbox is
    the record; an agency is reminded at most once a day."""
    require_role(actor, Capability.REVIEW_MONTHLY_REPORTS)
    candidates = Agency.objects.all()
    if agencies is not None:
        candidates = candidates.filter(pk__in=[agency.pk for agency in agencies])
    owing = [row for row in monthly_report_month_rows(candidates, month=month) if not row.state.is_submitted]
    if agencies is not None and not owing:
        raise ApplicationError(_("OPD ini sudah mengirim laporan bulan itu."), code="already_submitted")
    last = monthly_report_last_reminders([row.agency.pk for row in owing], month)
    today = timezone.localdate()
    result = Reminders([], [], [])
    for row in owing:
        agency = row.agency
        if agency.pk in last and timezone.localdate(last[agency.pk]) == today:
            result.already_today.append(agency)
            continue
        reporters = list(monthly_report_reporters(agency))
        if not reporters:
            result.without_reporters.append(agency)
            continue
        deadline = row.report.deadline if row.report is not None else report_deadline(month)
        notifications_send(
            users=reporters,
            title=f"{REMINDER_TITLE} {month.label}",
            body=f"Laporan {agency.name} bulan {month.label} belum dikirim (batas waktu {deadline:%d/%m/%Y}).",
            url=monthly_report_url(agency, month),
        )
        result.reminded.append(agency)
    return result


def monthly_reports_remind_due(*, today: date | None = None) -> Reminders | None:
    """The reminders `peduli scheduler` sends by itself: last month's report,
    from PEDULI_REPORT_REMINDER_DAYS_BEFORE days before its deadline on, to
    the agencies that have not submitted it (at most once a day, like every
    reminder). None before that day."""
    today = today or timezone.localdate()
    month = YearMonth.of(today) - 1
    if today < report_deadline(month) - timedelta(days=settings.PEDULI_REPORT_REMINDER_DAYS_BEFORE):
        return None
    return monthly_reports_remind(actor=None, month=month)
