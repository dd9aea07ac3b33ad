"""Pages of the ledger: the month's overview, payments (record, reverse,
prepay) and remittances to BPJS (the treasurer's view, arrears and
statements are `treasury_views`). Reads go through the scoped selectors; each POST calls
one service and shows its message."""

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peduli.accounts.access import roles_required
from peduli.accounts.roles import Capability, may
from peduli.core.errors import ApplicationError
from peduli.core.formatting import rupiah
from peduli.core.forms import show_error
from peduli.core.listing import render_list
from peduli.core.models import AccessLog
from peduli.core.month_query import month_asked
from peduli.core.pdf import pdf_response
from peduli.core.personal_data import personal_data_note
from peduli.ledger import services
from peduli.ledger.filters import PaymentFilter, RemittanceFilter
from peduli.ledger.forms import (
    PaymentForm,
    PaymentReverseForm,
    PrepayForm,
    RemittanceConfirmForm,
    RemittanceCreateForm,
)
from peduli.ledger.models import Due
from peduli.ledger.policy import payment_can_reverse, remittance_actions
from peduli.ledger.selectors import (
    OUTSTANDING,
    arrears_by_agency,
    arrears_by_district,
    due_queryset_for,
    owed_dues,
    payment_get_for,
    payment_queryset_for,
    remittance_get_for,
    remittance_queryset_for,
)
from peduli.sponsorships.documents import receipt_number, receipt_pdf
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.selectors import (
    sponsor_queryset_for,
    sponsorship_get_for,
)
from peduli.workers.models import Worker


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


@roles_required(Capability.READ_LEDGER)
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
            "can_keep": may(request.user, Capability.KEEP_LEDGER),
        },
    )  # fmt: skip


@require_POST
@roles_required(Capability.KEEP_LEDGER)
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


@roles_required(Capability.READ_LEDGER)
def payment_list(request: HttpRequest) -> HttpResponse:
    return render_list(
        request,
        queryset=payment_queryset_for(request.user),
        filterset_class=PaymentFilter,
        template="ledger/payment_list.html",
        results_template="ledger/partials/payment_results.html",
        context={
            "can_keep": may(request.user, Capability.KEEP_LEDGER),
        },
    )


@roles_required(Capability.KEEP_LEDGER)
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


@roles_required(Capability.READ_LEDGER)
def payment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    payment = payment_get_for(request.user, pk)
    allocations = payment.allocations.select_related("due__worker").order_by("due__month", "due__worker__name")
    reversal = payment_queryset_for(request.user).filter(reverses=payment).first()
    can_reverse = payment_can_reverse(request.user, payment, reversed_already=reversal is not None)
    return render(
        request,
        "ledger/payment_detail.html",
        {
            "payment": payment, "allocations": allocations, "reversal": reversal,
            "allocated": (allocated := sum(a.amount for a in allocations)), "can_reverse": can_reverse,
            "credit_left": payment.amount - allocated if payment.amount > 0 else 0,
            "reverse_form": PaymentReverseForm(),
        },
    )  # fmt: skip


@roles_required(Capability.READ_PAYMENTS)
def payment_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt (kuitansi) of a payment: what it paid, and what is left as credit."""
    payment = payment_get_for(request.user, pk)
    if payment.reverses_id is not None:
        raise Http404
    personal_data_note(action=AccessLog.Action.EXPORT, subject="payment", object_id=payment.pk)
    return pdf_response(receipt_pdf(request.user, payment), filename=f"{receipt_number(payment)}.pdf")


@roles_required(Capability.KEEP_LEDGER)
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


@roles_required(Capability.KEEP_LEDGER)
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


@roles_required(Capability.READ_REMITTANCES)
def remittance_list(request: HttpRequest) -> HttpResponse:
    return render_list(
        request,
        queryset=remittance_queryset_for(request.user),
        filterset_class=RemittanceFilter,
        template="ledger/remittance_list.html",
        results_template="ledger/partials/remittance_results.html",
        context={"can_keep": may(request.user, Capability.KEEP_LEDGER), "create_form": RemittanceCreateForm()},
    )


@require_POST
@roles_required(Capability.KEEP_LEDGER)
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


@roles_required(Capability.READ_REMITTANCES)
def remittance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    remittance = remittance_get_for(request.user, pk)
    dues = due_queryset_for(request.user).filter(remittance=remittance).order_by("worker__name")
    page = Paginator(dues, 50).get_page(request.GET.get("halaman"))
    return render(
        request,
        "ledger/remittance_detail.html",
        {
            "remittance": remittance, "page": page, "query_string": "",
            **asdict(remittance_actions(request.user, remittance)),
            "confirm_form": RemittanceConfirmForm(),
        },
    )  # fmt: skip


@require_POST
@roles_required(Capability.CONFIRM_REMITTANCES)
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
@roles_required(Capability.KEEP_LEDGER)
def remittance_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    remittance = remittance_get_for(request.user, pk)
    try:
        services.remittance_cancel(actor=request.user, remittance=remittance)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(remittance)
    messages.success(request, _("Setoran dibatalkan; iurannya menunggu setoran berikutnya."))
    return redirect("ledger:remittance_list")


def worker_page_dues(request: HttpRequest, worker: Worker) -> dict[str, Any]:
    """The worker page's part: their last two years of dues (as the reader may see)."""
    return {"dues": due_queryset_for(request.user).filter(worker=worker, cancelled=False).order_by("-month")[:24]}
