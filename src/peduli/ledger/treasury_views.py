"""Pages of the ledger for those who answer for the money: an agency
treasurer's view of its civil servants' premiums, arrears by sponsor,
agency and district (with their xlsx), and a sponsor's statement (xlsx and
letterhead PDF)."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from peduli.accounts.access import roles_required
from peduli.accounts.models import Role
from peduli.accounts.roles import Capability, as_user, may
from peduli.agencies.models import Agency
from peduli.agencies.selectors import agency_queryset_for
from peduli.core.models import AccessLog
from peduli.core.month_query import month_asked
from peduli.core.months import YearMonth
from peduli.core.pdf import pdf_response
from peduli.core.personal_data import personal_data_note
from peduli.core.responses import xlsx_response
from peduli.ledger import exports
from peduli.ledger.calendar import overdue_through
from peduli.ledger.forms import (
    StatementForm,
)
from peduli.ledger.selectors import (
    arrears_by_sponsor,
    sponsor_statement,
)
from peduli.sponsorships.models import Sponsorship
from peduli.sponsorships.selectors import (
    sponsor_get_for,
    sponsorship_queryset_for,
)

PAID = Q(dues__cancelled=False, dues__paid_amount=F("dues__amount"))


# Agency treasurer, arrears, statements --------------------------------------------------


def _agency(request: HttpRequest) -> Agency | None:
    """The operator's own agency; the one chosen in ?opd= for those who see all."""
    user = as_user(request.user)
    if user is not None and user.role == Role.AGENCY_OPERATOR:
        return get_object_or_404(agency_queryset_for(user), pk=user.agency_id)
    chosen = request.GET.get("opd", "")
    return get_object_or_404(agency_queryset_for(request.user), pk=chosen) if chosen.isdigit() else None


def _agency_sponsorships(request: HttpRequest, agency: Agency, month: YearMonth) -> QuerySet[Sponsorship]:
    # In arrears: unpaid months up to `month` whose premium is overdue today.
    overdue = overdue_through(month).first_day
    owed = Q(dues__cancelled=False, dues__month__lte=overdue, dues__paid_amount__lt=F("dues__amount"))
    return (
        sponsorship_queryset_for(request.user)
        .filter(sponsor__agency=agency)
        .annotate(
            months_paid=Count("dues", filter=PAID),
            arrears=Sum(F("dues__amount") - F("dues__paid_amount"), filter=owed),
        )
        .order_by("sponsor__name", "worker__name")
    )


@roles_required(Capability.READ_TREASURY)
def agency_ledger(request: HttpRequest) -> HttpResponse:
    month, agency = month_asked(request), _agency(request)
    context: dict[str, Any] = {"month": month, "agency": agency, "agencies": None}
    if may(request.user, Capability.READ_INSTANCE):
        context["agencies"] = agency_queryset_for(request.user).order_by("name")
    if agency is not None:
        sponsorships = _agency_sponsorships(request, agency, month)
        context["page"] = Paginator(sponsorships, 50).get_page(request.GET.get("halaman"))
        context["query_string"] = f"opd={agency.pk}&bulan={month}"
        context["in_arrears"] = arrears_by_sponsor(request.user, month).filter(agency=agency)
    return render(request, "ledger/agency_ledger.html", context)


@require_GET
@roles_required(Capability.READ_TREASURY)
def agency_ledger_export(request: HttpRequest) -> HttpResponse:
    month, agency = month_asked(request), _agency(request)
    if agency is None:
        return redirect("ledger:agency_ledger")
    sponsorships = _agency_sponsorships(request, agency, month)
    personal_data_note(action=AccessLog.Action.EXPORT, subject="agency_sponsorships",
        object_id=agency.pk, row_count=sponsorships.count(), detail=str(month),
    )  # fmt: skip
    return xlsx_response(
        exports.agency_sponsorships_xlsx(sponsorships), filename=f"kepesertaan-{agency.code.lower()}-{month}.xlsx"
    )


@roles_required(Capability.READ_LEDGER)
def arrears(request: HttpRequest) -> HttpResponse:
    month = month_asked(request)
    sponsors = arrears_by_sponsor(request.user, month)
    page = Paginator(sponsors, 50).get_page(request.GET.get("halaman"))
    return render(
        request,
        "ledger/arrears.html",
        {
            "month": month,
            "page": page,
            "query_string": f"bulan={month}",
            "total": sponsors.aggregate(total=Sum("arrears"))["total"] or 0,
        },
    )


@require_GET
@roles_required(Capability.READ_LEDGER)
def arrears_export(request: HttpRequest) -> HttpResponse:
    month = month_asked(request)
    sponsors = arrears_by_sponsor(request.user, month)
    personal_data_note(action=AccessLog.Action.EXPORT, subject="arrears", row_count=len(sponsors),
        detail=str(month),
    )  # fmt: skip
    return xlsx_response(exports.arrears_xlsx(sponsors), filename=f"tunggakan-{month}.xlsx")


@require_GET
@roles_required(Capability.READ_STATEMENTS)
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    """A sponsor's statement for ?dari=…&sampai=… as xlsx or (format=pdf) PDF."""
    sponsor = sponsor_get_for(request.user, pk)
    form = StatementForm(request.GET or StatementForm.default_period())
    if not form.is_valid():
        for error in form.errors.as_data().values():
            messages.error(request, " ".join(e.messages[0] for e in error))
        return redirect(sponsor)
    kind = "pdf" if request.GET.get("format") == "pdf" else "xlsx"
    account = sponsor_statement(sponsor, form.cleaned_data["dari"], form.cleaned_data["sampai"], reader=request.user)
    personal_data_note(action=AccessLog.Action.EXPORT, subject="sponsor_statement", object_id=sponsor.pk,
        row_count=len(account.lines), detail=f"{account.first}..{account.last} {kind}",
    )  # fmt: skip
    filename = exports.statement_filename(account, kind)
    if kind == "pdf":
        return pdf_response(exports.statement_pdf(account), filename=filename)
    return xlsx_response(exports.statement_xlsx(account), filename=filename)
