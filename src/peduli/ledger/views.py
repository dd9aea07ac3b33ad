"""Pages of the ledger: the month's overview, payments (record, reverse,
prepay), remittances to BPJS, an agency treasurer's view, arrears, and
sponsor statements. Reads go through the scoped selectors; each POST calls
one service and shows its message."""

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from peduli.accounts.access import roles_required
from peduli.accounts.models import Role
from peduli.accounts.scoping import as_user, has_role
from peduli.agencies.models import Agency
from peduli.agencies.selectors import agency_queryset_for
from peduli.core.audit import access_log_record
from peduli.core.errors import ApplicationError
from peduli.core.formatting import rupiah
from peduli.core.forms import show_error
from peduli.core.listing import render_list
from peduli.core.models import AccessLog
from peduli.core.month_query import month_asked
from peduli.core.months import YearMonth
from peduli.core.pdf import pdf_response
from peduli.core.responses import xlsx_response
from peduli.ledger import exports, services
from peduli.ledger.calendar import overdue_through
from peduli.ledger.filters import PaymentFilter, RemittanceFilter
from peduli.ledger.forms import (
    PaymentForm,
    PaymentReverseForm,
    PrepayForm,
    RemittanceConfirmForm,
    RemittanceCreateForm,
    StatementForm,
)
from peduli.ledger.models import Due
from peduli.ledger.selectors import (
    LEDGER_READERS,
    OUTSTANDING,
    REMITTANCE_READERS,
    arrears_by_agency,
    arrears_by_district,
    arrears_by_sponsor,
    due_queryset_for,
    owed_dues,
    payment_get_for,
    payment_queryset_for,
    remittance_get_for,
    remittance_queryset_for,
    sponsor_statement,
)
from peduli.ledger.services import LEDGER_KEEPERS, REMITTANCE_CONFIRMERS
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.sponsorships.selectors import (
    SPONSORSHIP_READERS,
    sponsor_get_for,
    sponsor_queryset_for,
    sponsorship_get_for,
    sponsorship_queryset_for,
)

TREASURY_READERS = frozenset({Role.REGENCY_ADMIN, Role.LEADER, Role.AGENCY_OPERATOR})
STATEMENT_READERS = SPONSORSHIP_READERS | {Role.CIVIL_SERVANT}
PAID = Q(dues__cancelled=False, dues__paid_amount=F("dues__amount"))


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _progress_rows(
    month_dues: Iterable[dict[str, Any]], arrears: Iterable[dict[str, Any]], key: str, label: str
) -> list[dict[str, Any]]:
    """Join the month's dues and paid per group with the group's arrears, for
    one progress bar per row; groups owing only old months appear too."""
    rows: dict[Any, dict[str, Any]] = {}
    for row in month_dues:
        rows[row["key"]] = {"name": row["name"], "due": row["due"], "paid": row["paid"], "arrears": 0, "count": 0}
    for row in arrears:
        entry = rows.setdefault(row[key], {"name": row[label], "due": 0, "paid": 0, "arrears": 0, "count": 0})
        entry["arrears"], entry["count"] = row["amount"], row.get("workers", row.get("sponsors", 0))
    result = [{**row, "percent": _percent(row["paid"], row["due"])} for row in rows.values()]
    return sorted(result, key=lambda row: (-row["arrears"], str(row["name"])))


def _month_dues_by(dues: QuerySet[Due], key: str, name: str) -> QuerySet[Any]:
    return (
        dues.values(key, name)
        .annotate(key=F(key), name=F(name), due=Sum("amount"), paid=Sum("paid_amount"))
        .values("key", "name", "due", "paid")
        .order_by()
    )


# Overview -------------------------------------------------------------------------


@roles_required(LEDGER_READERS)
def overview(request: HttpRequest) -> HttpResponse:
    month = month_asked(request)
    visible = due_queryset_for(request.user)
    month_dues = visible.filter(month=month.first_day, cancelled=False)
    totals = month_dues.aggregate(due=Sum("amount"), paid=Sum("paid_amount"), count=Count("pk"))
    due, paid = totals["due"] or 0, totals["paid"] or 0
    arrears = owed_dues(visible, month).aggregate(total=Sum(OUTSTANDING))["total"] or 0
    by_district = _progress_rows(
        _month_dues_by(month_dues, "worker__district_id", "worker__district__name"),
        arrears_by_district(request.user, month), "district_id", "district",
    )  # fmt: skip
    by_agency = _progress_rows(
        _month_dues_by(
            month_dues.filter(sponsor__kind=Sponsor.Kind.CIVIL_SERVANT), "sponsor__agency_id", "sponsor__agency__name"
        ),
        arrears_by_agency(request.user, month), "agency_id", "agency",
    )  # fmt: skip
    return render(
        request,
        "ledger/overview.html",
        {
            "month": month, "due": due, "paid": paid, "outstanding": due - paid, "arrears": arrears,
            "count": totals["count"], "percent": _percent(paid, due),
            "by_district": by_district, "by_agency": by_agency,
            "can_keep": has_role(request.user, LEDGER_KEEPERS),
            "show_remittances": has_role(request.user, REMITTANCE_READERS),
        },
    )  # fmt: skip


@require_POST
@roles_required(LEDGER_KEEPERS)
def dues_generate(request: HttpRequest) -> HttpResponse:
    form = RemittanceCreateForm({"month": request.POST.get("bulan", "")})
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors["month"]))
        return redirect("ledger:overview")
    month = form.cleaned_data["month"]
    try:
        created = services.dues_generate(actor=request.user, month=month)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(n)s tagihan iuran %(month)s dibuat.") % {"n": created, "month": month.label})
    return redirect(f"{reverse('ledger:overview')}?bulan={month}")


# Payments -------------------------------------------------------------------------


@roles_required(LEDGER_READERS)
def payment_list(request: HttpRequest) -> HttpResponse:
    return render_list(
        request,
        queryset=payment_queryset_for(request.user),
        filterset_class=PaymentFilter,
        template="ledger/payment_list.html",
        results_template="ledger/partials/payment_results.html",
        context={
            "can_keep": has_role(request.user, LEDGER_KEEPERS),
            "show_remittances": has_role(request.user, REMITTANCE_READERS),
        },
    )


@roles_required(LEDGER_KEEPERS)
def payment_create(request: HttpRequest) -> HttpResponse:
    form = PaymentForm(
        request.POST or None,
        initial={"sponsor": request.GET.get("donatur", "")},
        sponsors=sponsor_queryset_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = services.payment_record(
                actor=request.user, sponsor=data["sponsor"], amount=data["amount"],  # type: ignore[arg-type]
                received_on=data["received_on"], method=data["method"], reference=data["reference"],
                source=data["source"], note=data["note"],
            )  # fmt: skip
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(
                request, _("Pembayaran %(amount)s dari %(name)s dicatat dan dialokasikan.")
                % {"amount": rupiah(payment.amount), "name": payment.sponsor.name},
            )  # fmt: skip
            return redirect(payment)
    return render(request, "ledger/payment_form.html", {"form": form, "title": _("Catat pembayaran")})


@roles_required(LEDGER_READERS)
def payment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    payment = payment_get_for(request.user, pk)
    allocations = payment.allocations.select_related("due__worker").order_by("due__month", "due__worker__name")
    reversal = payment_queryset_for(request.user).filter(reverses=payment).first()
    can_reverse = has_role(request.user, LEDGER_KEEPERS) and payment.reverses_id is None and reversal is None
    return render(
        request,
        "ledger/payment_detail.html",
        {
            "payment": payment, "allocations": allocations, "reversal": reversal,
            "allocated": sum(a.amount for a in allocations), "can_reverse": can_reverse,
            "reverse_form": PaymentReverseForm(),
        },
    )  # fmt: skip


@roles_required(LEDGER_KEEPERS)
def payment_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    payment = payment_get_for(request.user, pk)
    form = PaymentReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reversal = services.payment_reverse(
                actor=request.user,  # type: ignore[arg-type]
                payment=payment,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Pembayaran %(reference)s dibatalkan.") % {"reference": payment.reference})
            return redirect(reversal)
    return render(
        request, "ledger/payment_reverse.html",
        {"form": form, "title": _("Batalkan pembayaran"), "back": payment, "payment": payment},
    )  # fmt: skip


@roles_required(LEDGER_KEEPERS)
def sponsorship_prepay(request: HttpRequest, pk: int) -> HttpResponse:
    sponsorship = sponsorship_get_for(request.user, pk)
    form = PrepayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = services.sponsorship_prepay(
                actor=request.user, sponsorship=sponsorship, months=data["months"],  # type: ignore[arg-type]
                received_on=data["received_on"], method=data["method"], reference=data["reference"],
                source=data["source"],
            )  # fmt: skip
        except ApplicationError as error:
            show_error(form, error)
        else:
            if payment is None:
                messages.success(request, _("Saldo titipan donatur sudah menutup bulan-bulan itu."))
            else:
                messages.success(request, _("Pembayaran di muka %(amount)s dicatat.") % {
                    "amount": rupiah(payment.amount)})  # fmt: skip
            return redirect(sponsorship)
    return render(
        request, "ledger/prepay_form.html",
        {"form": form, "title": _("Bayar di muka"), "back": sponsorship, "sponsorship": sponsorship},
    )  # fmt: skip


# Remittances ----------------------------------------------------------------------


@roles_required(REMITTANCE_READERS)
def remittance_list(request: HttpRequest) -> HttpResponse:
    return render_list(
        request,
        queryset=remittance_queryset_for(request.user),
        filterset_class=RemittanceFilter,
        template="ledger/remittance_list.html",
        results_template="ledger/partials/remittance_results.html",
        context={"can_keep": has_role(request.user, LEDGER_KEEPERS), "create_form": RemittanceCreateForm()},
    )


@require_POST
@roles_required(LEDGER_KEEPERS)
def remittance_create(request: HttpRequest) -> HttpResponse:
    form = RemittanceCreateForm(request.POST)
    if form.is_valid():
        try:
            remittance = services.remittance_create(actor=request.user, month=form.cleaned_data["month"])  # type: ignore[arg-type]
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Setoran %(month)s disiapkan.") % {"month": form.cleaned_data["month"].label})
            return redirect(remittance)
    for errors in form.errors.values():
        messages.error(request, " ".join(str(error) for error in errors))
    return redirect("ledger:remittance_list")


@roles_required(REMITTANCE_READERS)
def remittance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    remittance = remittance_get_for(request.user, pk)
    dues = due_queryset_for(request.user).filter(remittance=remittance).order_by("worker__name")
    page = Paginator(dues, 50).get_page(request.GET.get("halaman"))
    draft = remittance.status == remittance.Status.DRAFT
    return render(
        request,
        "ledger/remittance_detail.html",
        {
            "remittance": remittance, "page": page, "query_string": "",
            "can_confirm": draft and has_role(request.user, REMITTANCE_CONFIRMERS),
            "can_cancel": draft and has_role(request.user, LEDGER_KEEPERS),
            "confirm_form": RemittanceConfirmForm(),
        },
    )  # fmt: skip


@require_POST
@roles_required(REMITTANCE_CONFIRMERS)
def remittance_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    remittance = remittance_get_for(request.user, pk)
    form = RemittanceConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors["bpjs_reference"]))
        return redirect(remittance)
    try:
        services.remittance_confirm(
            actor=request.user,  # type: ignore[arg-type]
            remittance=remittance,
            bpjs_reference=form.cleaned_data["bpjs_reference"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Setoran dikonfirmasi diterima BPJS."))
    return redirect(remittance)


@require_POST
@roles_required(LEDGER_KEEPERS)
def remittance_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    remittance = remittance_get_for(request.user, pk)
    try:
        services.remittance_cancel(actor=request.user, remittance=remittance)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(remittance)
    messages.success(request, _("Setoran dibatalkan; iurannya menunggu setoran berikutnya."))
    return redirect("ledger:remittance_list")


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


@roles_required(TREASURY_READERS)
def agency_ledger(request: HttpRequest) -> HttpResponse:
    month, agency = month_asked(request), _agency(request)
    context: dict[str, Any] = {"month": month, "agency": agency, "agencies": None}
    if has_role(request.user, TREASURY_READERS - {Role.AGENCY_OPERATOR}):
        context["agencies"] = agency_queryset_for(request.user).order_by("name")
    if agency is not None:
        sponsorships = _agency_sponsorships(request, agency, month)
        context["page"] = Paginator(sponsorships, 50).get_page(request.GET.get("halaman"))
        context["query_string"] = f"opd={agency.pk}&bulan={month}"
        context["in_arrears"] = arrears_by_sponsor(request.user, month).filter(agency=agency)
    return render(request, "ledger/agency_ledger.html", context)


@require_GET
@roles_required(TREASURY_READERS)
def agency_ledger_export(request: HttpRequest) -> HttpResponse:
    month, agency = month_asked(request), _agency(request)
    if agency is None:
        return redirect("ledger:agency_ledger")
    sponsorships = _agency_sponsorships(request, agency, month)
    access_log_record(
        user=request.user, action=AccessLog.Action.EXPORT, subject="agency_sponsorships",
        object_id=agency.pk, row_count=sponsorships.count(), detail=str(month),
    )  # fmt: skip
    return xlsx_response(
        exports.agency_sponsorships_xlsx(sponsorships), filename=f"kepesertaan-{agency.code.lower()}-{month}.xlsx"
    )


@roles_required(LEDGER_READERS)
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
            "show_remittances": has_role(request.user, REMITTANCE_READERS),
        },
    )


@require_GET
@roles_required(LEDGER_READERS)
def arrears_export(request: HttpRequest) -> HttpResponse:
    month = month_asked(request)
    sponsors = arrears_by_sponsor(request.user, month)
    access_log_record(
        user=request.user, action=AccessLog.Action.EXPORT, subject="arrears", row_count=len(sponsors),
        detail=str(month),
    )  # fmt: skip
    return xlsx_response(exports.arrears_xlsx(sponsors), filename=f"tunggakan-{month}.xlsx")


@require_GET
@roles_required(STATEMENT_READERS)
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    """A sponsor's statement for ?dari=…&sampai=… as xlsx or (format=pdf) PDF."""
    sponsor = sponsor_get_for(request.user, pk)
    form = StatementForm(request.GET or StatementForm.default_period())
    if not form.is_valid():
        for error in form.errors.as_data().values():
            messages.error(request, " ".join(e.messages[0] for e in error))
        return redirect(sponsor)
    kind = "pdf" if request.GET.get("format") == "pdf" else "xlsx"
    account = sponsor_statement(sponsor, form.cleaned_data["dari"], form.cleaned_data["sampai"])
    access_log_record(
        user=request.user, action=AccessLog.Action.EXPORT, subject="sponsor_statement", object_id=sponsor.pk,
        row_count=len(account.lines), detail=f"{account.first}..{account.last} {kind}",
    )  # fmt: skip
    filename = exports.statement_filename(account, kind)
    if kind == "pdf":
        return pdf_response(exports.statement_pdf(account), filename=filename)
    return xlsx_response(exports.statement_xlsx(account), filename=filename)
