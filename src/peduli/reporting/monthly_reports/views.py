"""Pages of the monthly reports: the completeness and timeliness board with
the agencies that have not reported, and one agency's report of a month (fill
in, submit, accept, return, print, PDF). Reads go through the scoped
selectors; each POST calls one service and shows its message."""

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from peduli.accounts.access import roles_required
from peduli.accounts.roles import Capability, as_user, may
from peduli.agencies.models import Agency
from peduli.agencies.selectors import agency_name_on
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.core.pdf import pdf_bytes, pdf_response
from peduli.ledger.calendar import report_deadline
from peduli.reporting.models import MonthlyReport
from peduli.reporting.monthly_reports import selectors, services
from peduli.reporting.monthly_reports.figures import figure_rows
from peduli.reporting.monthly_reports.policy import EDITABLE, monthly_report_actions
from peduli.reporting.monthly_reports.selectors import (
    ReportState,
)

BOARD_MONTHS = 12
BOARD_MONTHS_MAX = 36
BOARD_MONTH_CHOICES = (3, 6, 12, 24)


def _last_month(request: HttpRequest) -> YearMonth:
    """?bulan=YYYY-MM, else last month (the newest one whose report can be due)."""
    text = request.GET.get("bulan", "") or request.POST.get("bulan", "")
    try:
        return YearMonth.parse(text) if text else YearMonth.current() - 1
    except ValueError as error:
        messages.error(request, str(error))
        return YearMonth.current() - 1


def _count(request: HttpRequest) -> int:
    text = request.GET.get("jumlah", "")
    return min(max(int(text), 1), BOARD_MONTHS_MAX) if text.isdigit() else BOARD_MONTHS


def _board_url(month: YearMonth) -> str:
    return f"{reverse('reporting:monthly_report_list')}?bulan={month}"


@roles_required(Capability.READ_MONTHLY_REPORTS)
def monthly_report_board(request: HttpRequest) -> HttpResponse:
    last, count = _last_month(request), _count(request)
    board = selectors.monthly_report_board(request.user, months=selectors.board_months(last, count))
    oversees = may(request.user, Capability.OVERSEE_MONTHLY_REPORTS)
    return render(
        request,
        "reporting/monthly_report_board.html",
        {
            "board": board, "month": last, "count": count, "count_choices": BOARD_MONTH_CHOICES,
            "missing": selectors.monthly_report_missing(request.user, month=last) if oversees else None,
            "can_remind": may(request.user, Capability.REVIEW_MONTHLY_REPORTS),
            "deadline": report_deadline(last),
            "legend": [state for state in ReportState if state != ReportState.NOT_EXPECTED],
        },
    )  # fmt: skip


@require_POST
@roles_required(Capability.REVIEW_MONTHLY_REPORTS)
def monthly_report_remind_all(request: HttpRequest) -> HttpResponse:
    month = _last_month(request)
    try:
        result = services.monthly_reports_remind(actor=as_user(request.user), month=month)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        _say_reminders(request, result)
    return redirect(_board_url(month))


def _say_reminders(request: HttpRequest, result: services.Reminders) -> None:
    if result.reminded:
        messages.success(request, _("Pengingat dikirim ke %(n)s OPD.") % {"n": len(result.reminded)})
    if result.already_today:
        names = ", ".join(agency.name for agency in result.already_today)
        messages.info(request, _("Sudah diingatkan hari ini, tidak dikirim lagi: %(names)s.") % {"names": names})
    if result.without_reporters:
        names = ", ".join(agency.name for agency in result.without_reporters)
        messages.warning(request, _("Belum ada akun operator yang dapat diingatkan: %(names)s.") % {"names": names})
    if not (result.reminded or result.already_today or result.without_reporters):
        messages.info(request, _("Semua OPD sudah mengirim laporan bulan ini."))


# One agency's month -----------------------------------------------------------------


def _agency_month(request: HttpRequest, agency_pk: int, month_text: str) -> tuple[Agency, YearMonth]:
    """A visible agency and a month it owes a report for, or 404."""
    agency = get_object_or_404(selectors.monthly_report_agencies_for(request.user), pk=agency_pk)
    try:
        month = YearMonth.parse(month_text)
    except ValueError as error:
        raise Http404(str(error)) from error
    if month > YearMonth.current() or not selectors.agency_expected_in(agency, month):
        raise Http404(_("OPD ini tidak wajib melapor bulan itu."))
    return agency, month


def _report_context(request: HttpRequest, agency: Agency, month: YearMonth) -> dict[str, Any]:
    report = selectors.monthly_report_find(request.user, agency, month)
    name = agency_name_on(agency, month.last_day)
    status = report.status if report is not None else MonthlyReport.Status.DRAFT
    return {
        "agency": agency,
        "agency_name": name,
        "signer": _signer(agency, name),
        "month": month,
        "report": report,
        "status_label": MonthlyReport.Status(status).label,
        "state": selectors.monthly_report_state(report, month=month),
        "deadline": report.deadline if report is not None else report_deadline(month),
        "figures": figure_rows(selectors.monthly_report_shown_figures(report, agency=agency, month=month)),
        "timeline": selectors.monthly_report_timeline(report),
        "editable": status in EDITABLE,
        **asdict(monthly_report_actions(request.user, agency=agency, month=month, status=status)),
    }


def _signer(agency: Agency, name: str) -> str:
    """Who signs the report: the camat for a district office, else the head of the agency."""
    if agency.kind == Agency.Kind.DISTRICT_OFFICE and agency.district is not None:
        return f"Camat {agency.district.name.title()}"
    return f"Kepala {name}"


@roles_required(Capability.READ_MONTHLY_REPORTS)
def monthly_report_detail(request: HttpRequest, agency_pk: int, month: str) -> HttpResponse:
    agency, period = _agency_month(request, agency_pk, month)
    context = _report_context(request, agency, period)
    if request.method == "POST":
        remarks = request.POST.get("remarks", "")
        submit = request.POST.get("action") == "submit"
        service = services.monthly_report_submit if submit else services.monthly_report_save
        try:
            service(actor=as_user(request.user), agency=agency, month=period, remarks=remarks)
        except ApplicationError as error:
            messages.error(request, error.message)
            context["remarks"] = remarks
        else:
            messages.success(request, _("Laporan dikirim ke Disperinaker.") if submit else _("Draf laporan disimpan."))
            return redirect(selectors.monthly_report_url(agency, period))
    return render(request, "reporting/monthly_report_detail.html", context)


def _review(
    request: HttpRequest, agency_pk: int, month: str, decide: Callable[[MonthlyReport], object], done: str
) -> HttpResponse:
    """Accept or return the agency's submitted report of the month, then show it again."""
    agency, period = _agency_month(request, agency_pk, month)
    report = selectors.monthly_report_find(request.user, agency, period)
    if report is None:
        raise Http404(_("Laporan belum dibuka."))
    try:
        decide(report)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(selectors.monthly_report_url(agency, period))


@require_POST
@roles_required(Capability.REVIEW_MONTHLY_REPORTS)
def monthly_report_accept(request: HttpRequest, agency_pk: int, month: str) -> HttpResponse:
    actor = as_user(request.user)
    return _review(
        request, agency_pk, month, lambda report: services.monthly_report_accept(actor=actor, report=report),
        _("Laporan diterima dan dikunci."),
    )  # fmt: skip


@require_POST
@roles_required(Capability.REVIEW_MONTHLY_REPORTS)
def monthly_report_return(request: HttpRequest, agency_pk: int, month: str) -> HttpResponse:
    actor, note = as_user(request.user), request.POST.get("note", "")
    return _review(
        request, agency_pk, month, lambda report: services.monthly_report_return(actor=actor, report=report, note=note),
        _("Laporan dikembalikan ke OPD dengan catatan."),
    )  # fmt: skip


@require_POST
@roles_required(Capability.REVIEW_MONTHLY_REPORTS)
def monthly_report_remind(request: HttpRequest, agency_pk: int, month: str) -> HttpResponse:
    agency, period = _agency_month(request, agency_pk, month)
    try:
        result = services.monthly_reports_remind(actor=as_user(request.user), month=period, agencies=[agency])
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        _say_reminders(request, result)
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    return redirect(back if back and safe else _board_url(period))


@require_GET
@roles_required(Capability.READ_MONTHLY_REPORTS)
def monthly_report_pdf(request: HttpRequest, agency_pk: int, month: str) -> HttpResponse:
    agency, period = _agency_month(request, agency_pk, month)
    with translation.override(settings.LANGUAGE_CODE):  # its figures' words too (core.pdf)
        content = pdf_bytes("reporting/monthly_report_pdf.html", _report_context(request, agency, period))
    return pdf_response(content, filename=f"laporan-bulanan-{agency.code.lower()}-{period}.pdf")
