"""The monthly report document: the indicators of one month and scope, for
`peduli report`, GET /api/v1/reports/monthly and the recap exports."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.regions.selectors import instance_regency
from peduli.reporting.coverage.indicators import MonthlyIndicators, indicators_for
from peduli.reporting.coverage.scopes import Scope, scope_allowed, scope_parse
from peduli.reporting.coverage.snapshots import snapshots_refresh


def report_scope_for(user: User | AnonymousUser | None, *, scope_text: str) -> Scope:
    """The scope `scope_text` names, if `user` may read it (None is the
    operator at the command line, who reads everything)."""
    scope = scope_parse(scope_text, regency=instance_regency())
    if user is not None and (not isinstance(user, User) or not scope_allowed(user, scope)):
        raise ApplicationError(
            _("Anda tidak berhak membaca laporan untuk cakupan %(scope)s.") % {"scope": scope.label},
            field="scope",
            code="forbidden",
        )
    return scope


def scope_get_for(user: User, text: str) -> Scope:
    """The scope `text` names, if `user` may read it; 404 otherwise, as every
    out-of-scope read is (for pages, which show no refusal of their own)."""
    try:
        return report_scope_for(user, scope_text=text)
    except ApplicationError as error:
        raise Http404(error.message) from error


def monthly_report(
    *, user: User | AnonymousUser | None, month: YearMonth, scope_text: str = "regency", refresh: bool = False
) -> MonthlyIndicators:
    """The indicators of `month` for the scope; with `refresh`, the changed
    months of the snapshots are rebuilt first (the command does; pages and the
    API read what the background refresh left)."""
    scope = report_scope_for(user, scope_text=scope_text)
    if refresh:
        snapshots_refresh(regency=scope.regency)
    return indicators_for(scope=scope, month=month)
