"""What a user may do with one agency's monthly report, for the report page
and the services alike."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from peduli.accounts.models import Role, User
from peduli.accounts.roles import Capability, as_user, may
from peduli.agencies.models import Agency
from peduli.core.months import YearMonth
from peduli.reporting.models import MonthlyReport

# A report may be filled in and sent while in these.
EDITABLE = (MonthlyReport.Status.DRAFT, MonthlyReport.Status.RETURNED)


def reports_for_agency(user: User | AnonymousUser, agency: Agency) -> bool:
    """Whether the user is one of the agency's reporters."""
    u = as_user(user)
    if u is None:
        return False
    if u.role == Role.AGENCY_OPERATOR:
        return u.agency_id == agency.pk
    return (
        u.role == Role.DISTRICT_OPERATOR
        and agency.kind == Agency.Kind.DISTRICT_OFFICE
        and agency.district_id is not None
        and agency.district_id == u.district_id
    )


@dataclass(frozen=True)
class MonthlyReportActions:
    can_edit: bool
    can_submit: bool  # a month is reported once it is over
    can_review: bool


def monthly_report_actions(
    user: User | AnonymousUser, *, agency: Agency, month: YearMonth, status: str
) -> MonthlyReportActions:
    return MonthlyReportActions(
        can_edit=status in EDITABLE and reports_for_agency(user, agency),
        can_submit=month < YearMonth.current(),
        can_review=status == MonthlyReport.Status.SUBMITTED and may(user, Capability.REVIEW_MONTHLY_REPORTS),
    )
