"""Reads of the agencies' monthly reports, scoped like the agencies they
belong to (`agencies.selectors.agency_queryset_for`): the labour office and
leaders read all, an agency operator their agency's, a district operator their
district office's.

The state of an agency's month (on time, late, missing, returned, waiting) is
decided here and nowhere else; the board, the "belum melapor" list, the API
and `peduli monthly_reports` all read it from `monthly_report_state`.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Max, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from peduli.accounts.models import Role, User
from peduli.accounts.roles import Capability, may
from peduli.agencies.models import Agency
from peduli.agencies.selectors import agency_queryset_for
from peduli.core.months import YearMonth
from peduli.ledger.calendar import report_deadline
from peduli.notifications.models import Notification
from peduli.reporting.coverage.indicators import indicators_for, percent
from peduli.reporting.coverage.scopes import Scope
from peduli.reporting.models import MonthlyReport

# A reminder's title starts so; the inbox row is also the record that it was sent.
REMINDER_TITLE = "Pengingat laporan bulanan"
SUBMITTED = (MonthlyReport.Status.SUBMITTED, MonthlyReport.Status.ACCEPTED)


class ReportState(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    RETURNED = "returned"
    WAITING = "waiting"
    NOT_EXPECTED = "not_expected"  # the agency did not exist that month

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])

    @property
    def icon(self) -> str:
        return STATE_ICONS[self]

    @property
    def is_submitted(self) -> bool:
        return self in (ReportState.ON_TIME, ReportState.LATE)


STATE_LABELS = {
    ReportState.ON_TIME: gettext_lazy("Tepat waktu"),
    ReportState.LATE: gettext_lazy("Terlambat"),
    ReportState.MISSING: gettext_lazy("Belum melapor"),
    ReportState.RETURNED: gettext_lazy("Dikembalikan"),
    ReportState.WAITING: gettext_lazy("Belum jatuh tempo"),
    ReportState.NOT_EXPECTED: gettext_lazy("Tidak wajib"),
}
# Bootstrap icon names: each state has its own shape, so colour is never the only cue.
STATE_ICONS = {
    ReportState.ON_TIME: "check-circle-fill",
    ReportState.LATE: "clock-history",
    ReportState.MISSING: "x-circle-fill",
    ReportState.RETURNED: "arrow-counterclockwise",
    ReportState.WAITING: "hourglass-split",
    ReportState.NOT_EXPECTED: "dash",
}


@dataclass(frozen=True)
class ReportEvent:
    """One step of a report's life: sent, returned (with the note), accepted."""

    status: str
    label: str
    at: datetime
    by: User | None
    note: str = ""


def monthly_report_timeline(report: MonthlyReport | None) -> list[ReportEvent]:
    """Every submission and review of the report, oldest first, from its
    history — a report returned and sent again keeps its first sending."""
    if report is None:
        return []
    events: list[ReportEvent] = []
    previous = MonthlyReport.Status.DRAFT.value
    rows = report.history.order_by("history_date", "history_id").select_related("submitted_by", "reviewed_by")
    for row in rows:
        if row.status == previous:
            continue
        previous = row.status
        if row.status == MonthlyReport.Status.DRAFT:
            continue
        sent = row.status == MonthlyReport.Status.SUBMITTED
        at = (row.submitted_at if sent else row.reviewed_at) or row.history_date
        note = row.review_note if row.status == MonthlyReport.Status.RETURNED else ""
        events.append(ReportEvent(row.status, str(MonthlyReport.Status(row.status).label), at,
                                  row.submitted_by if sent else row.reviewed_by, note))  # fmt: skip
    return events


def agency_expected_in(agency: Agency, month: YearMonth) -> bool:
    """Whether the agency existed for some of the month, and so owes its report."""
    return agency.valid_from <= month.last_day and (agency.valid_until is None or agency.valid_until >= month.first_day)


def agencies_expected_in(agencies: QuerySet[Agency], month: YearMonth) -> QuerySet[Agency]:
    return agencies.filter(valid_from__lte=month.last_day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=month.first_day)
    )


def monthly_report_state(report: MonthlyReport | None, *, month: YearMonth, today: date | None = None) -> ReportState:
    """On time or late once submitted (accepted or awaiting review), returned
    while it waits for a correction, otherwise missing once the deadline passed
    and waiting before. A report keeps the deadline it was opened with."""
    today = today or timezone.localdate()
    deadline = report.deadline if report is not None else report_deadline(month)
    if report is not None and report.status in SUBMITTED and report.submitted_at is not None:
        on_time = timezone.localdate(report.submitted_at) <= deadline
        return ReportState.ON_TIME if on_time else ReportState.LATE
    if report is not None and report.status == MonthlyReport.Status.RETURNED:
        return ReportState.RETURNED
    return ReportState.MISSING if today > deadline else ReportState.WAITING


def monthly_report_figures(*, agency: Agency, month: YearMonth) -> dict[str, Any]:
    """The agency's indicators of the month as a report stores them."""
    return indicators_for(scope=Scope(kind="agency", regency=agency.regency, agency=agency), month=month).as_json()


def monthly_report_shown_figures(report: MonthlyReport | None, *, agency: Agency, month: YearMonth) -> dict[str, Any]:
    """What a report shows: the figures frozen at submission, live ones before."""
    if report is not None and report.status in SUBMITTED:
        return dict(report.figures)
    return monthly_report_figures(agency=agency, month=month)


# Scoped querysets ---------------------------------------------------------------


def monthly_report_queryset_for(user: User | AnonymousUser) -> QuerySet[MonthlyReport]:
    reports = MonthlyReport.objects.select_related("agency", "submitted_by", "reviewed_by")
    if not may(user, Capability.READ_MONTHLY_REPORTS):
        return reports.none()
    return reports.filter(agency__in=agency_queryset_for(user))


def monthly_report_agencies_for(user: User | AnonymousUser) -> QuerySet[Agency]:
    """The agencies whose reports the user reads."""
    if not may(user, Capability.READ_MONTHLY_REPORTS):
        return Agency.objects.none()
    return agency_queryset_for(user)


def monthly_report_find(user: User | AnonymousUser, agency: Agency, month: YearMonth) -> MonthlyReport | None:
    """The agency's report of the month, if it has been opened."""
    return monthly_report_queryset_for(user).filter(agency=agency, month=month.first_day).first()


# Who is on each side of a report --------------------------------------------------


def monthly_report_reporters(agency: Agency) -> QuerySet[User]:
    """Who reports for the agency: its operators, and for a district office the
    district's operators too (the camat's staff)."""
    reporters = Q(role=Role.AGENCY_OPERATOR, agency=agency)
    if agency.kind == Agency.Kind.DISTRICT_OFFICE and agency.district_id:
        reporters |= Q(role=Role.DISTRICT_OPERATOR, district_id=agency.district_id)
    return User.objects.filter(reporters, is_active=True)


def monthly_report_reviewers() -> QuerySet[User]:
    return User.objects.filter(is_active=True).filter(Q(role=Role.REGENCY_ADMIN) | Q(is_superuser=True))


def monthly_report_url(agency: Agency | int, month: YearMonth) -> str:
    """The page of an agency's month, whether or not its report was opened."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    return reverse("reporting:monthly_report_detail", args=[agency_id, str(month)])


def monthly_report_last_reminders(agency_ids: list[int], month: YearMonth) -> dict[int, datetime]:
    """When each agency was last reminded of the month's report: the newest
    reminder in its reporters' inboxes (they link to the month's page)."""
    urls = {monthly_report_url(pk, month): pk for pk in agency_ids}
    rows = (
        Notification.objects.filter(url__in=urls, title__startswith=REMINDER_TITLE)
        .values("url")
        .annotate(last=Max("created_at"))
        .order_by()
    )
    return {urls[row["url"]]: row["last"] for row in rows}


# Board --------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardCell:
    month: YearMonth
    state: ReportState
    report: MonthlyReport | None

    @property
    def is_accepted(self) -> bool:
        return self.report is not None and self.report.status == MonthlyReport.Status.ACCEPTED

    @property
    def note(self) -> str:
        """The cell's words for a screen reader and the tooltip."""
        words = [self.month.label, self.state.label]
        if self.state.is_submitted:
            words.append(gettext("diterima") if self.is_accepted else gettext("menunggu diperiksa"))
        return " · ".join(words)


@dataclass(frozen=True)
class BoardRow:
    agency: Agency
    cells: list[BoardCell]


@dataclass(frozen=True)
class MonthRate:
    """DHIS2's reporting rate: reports submitted (and those on time) out of
    those expected."""

    month: YearMonth
    expected: int
    submitted: int
    on_time: int

    @property
    def submitted_pct(self) -> Decimal | None:
        return percent(self.submitted, self.expected)

    @property
    def on_time_pct(self) -> Decimal | None:
        return percent(self.on_time, self.expected)


@dataclass(frozen=True)
class Board:
    months: list[YearMonth]
    rows: list[BoardRow]
    rates: list[MonthRate]


def board_months(last: YearMonth, count: int) -> list[YearMonth]:
    return [last - offset for offset in range(count - 1, -1, -1)]


def monthly_report_board(user: User | AnonymousUser, *, months: list[YearMonth], today: date | None = None) -> Board:
    """Every visible agency (rows) × `months` (columns, oldest first) with the
    state of each report and the reporting rates per month: two queries."""
    today = today or timezone.localdate()
    agencies = _agencies_in_span(user, months)
    reports = {
        (r.agency_id, YearMonth.of(r.month)): r
        for r in monthly_report_queryset_for(user).filter(month__in=[m.first_day for m in months])
    }
    rows = []
    for agency in agencies:
        cells = []
        for month in months:
            if not agency_expected_in(agency, month):
                cells.append(BoardCell(month, ReportState.NOT_EXPECTED, None))
                continue
            report = reports.get((agency.pk, month))
            cells.append(BoardCell(month, monthly_report_state(report, month=month, today=today), report))
        rows.append(BoardRow(agency, cells))
    rates = []
    for index, month in enumerate(months):
        states = [row.cells[index].state for row in rows if row.cells[index].state != ReportState.NOT_EXPECTED]
        rates.append(
            MonthRate(
                month,
                expected=len(states),
                submitted=sum(state.is_submitted for state in states),
                on_time=sum(state == ReportState.ON_TIME for state in states),
            )
        )
    return Board(months=months, rows=rows, rates=rates)


def _agencies_in_span(user: User | AnonymousUser, months: list[YearMonth]) -> list[Agency]:
    first, last = months[0], months[-1]
    visible = monthly_report_agencies_for(user).filter(valid_from__lte=last.last_day)
    spanning = visible.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first.first_day))
    # Agencies first, then the district offices, each by name, as the regency lists them.
    office_last = Case(When(kind=Agency.Kind.DISTRICT_OFFICE, then=Value(1)), default=Value(0))
    return list(spanning.order_by(office_last, "name"))


@dataclass(frozen=True)
class MonthRow:
    agency: Agency
    report: MonthlyReport | None
    state: ReportState


def monthly_report_month_rows(
    agencies: QuerySet[Agency], *, month: YearMonth, today: date | None = None
) -> list[MonthRow]:
    """Each of `agencies` (already scoped) that owes the month's report, with
    its report and state, by name."""
    today = today or timezone.localdate()
    expected = list(agencies_expected_in(agencies, month).order_by("name"))
    reports = {
        r.agency_id: r
        for r in MonthlyReport.objects.filter(agency__in=expected, month=month.first_day).select_related(
            "submitted_by", "reviewed_by"
        )
    }
    return [
        MonthRow(agency, reports.get(agency.pk), monthly_report_state(reports.get(agency.pk), month=month, today=today))
        for agency in expected
    ]


# Not yet reported ---------------------------------------------------------------


@dataclass(frozen=True)
class MissingReport:
    agency: Agency
    state: ReportState
    report: MonthlyReport | None
    last_reminded: datetime | None
    reporters: int

    @property
    def reminded_today(self) -> bool:
        return self.last_reminded is not None and timezone.localdate(self.last_reminded) == timezone.localdate()


def monthly_report_missing(
    user: User | AnonymousUser, *, month: YearMonth, today: date | None = None
) -> list[MissingReport]:
    """The visible agencies that owe the month's report and have not submitted
    it (missing, waiting or returned), with when they were last reminded and
    how many reporters a reminder reaches."""
    rows = monthly_report_month_rows(monthly_report_agencies_for(user), month=month, today=today)
    owing = [(row.agency, row.state, row.report) for row in rows if not row.state.is_submitted]
    reminded = monthly_report_last_reminders([agency.pk for agency, _, _ in owing], month)
    reporters = _reporter_counts([agency for agency, _, _ in owing])
    return [
        MissingReport(agency, state, report, reminded.get(agency.pk), reporters.get(agency.pk, 0))
        for agency, state, report in owing
    ]


def _reporter_counts(agencies: list[Agency]) -> dict[int, int]:
    """How many active reporters each agency has, in two queries."""
    operators = User.objects.filter(role=Role.AGENCY_OPERATOR, is_active=True, agency__in=agencies)
    counts: dict[int, int] = {}
    for agency_id in operators.values_list("agency_id", flat=True):
        counts[agency_id] = counts.get(agency_id, 0) + 1
    offices = {a.district_id: a.pk for a in agencies if a.kind == Agency.Kind.DISTRICT_OFFICE and a.district_id}
    district_staff = User.objects.filter(role=Role.DISTRICT_OPERATOR, is_active=True, district_id__in=offices)
    for district_id in district_staff.values_list("district_id", flat=True):
        counts[offices[district_id]] = counts.get(offices[district_id], 0) + 1
    return counts
