"""Pages of BPJS claims: the list, a claim, recording and editing one, the
claim report import (labour office and BPJS officers), and what paid claims
brought families (also leaders)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peduli.accounts.access import roles_required
from peduli.accounts.roles import Capability, may
from peduli.bpjs.claim_forms import ClaimFilter, ClaimForm, ImpactForm
from peduli.bpjs.claim_importing import CLAIM_IMPORT
from peduli.bpjs.claim_selectors import (
    FUNDING_LABELS,
    claim_get_for,
    claim_queryset_for,
    claims_impact,
)
from peduli.bpjs.claim_services import claim_record, claim_update
from peduli.core.errors import ApplicationError
from peduli.core.forms import show_error
from peduli.core.listing import render_list
from peduli.core.models import AccessLog
from peduli.core.months import YearMonth
from peduli.core.personal_data import personal_data_note
from peduli.imports.views import ImportWizard
from peduli.regions.selectors import instance_region_code

claim_wizard = ImportWizard(
    kind=CLAIM_IMPORT.kind, title=gettext_lazy("Impor Laporan Klaim BPJS"), capability=Capability.KEEP_CLAIMS,
    app="bpjs", name="claim_import", template_filename="templat-klaim-bpjs.xlsx",
)  # fmt: skip


@roles_required(Capability.KEEP_CLAIMS)
def claim_list(request: HttpRequest) -> HttpResponse:
    return render_list(
        request,
        queryset=claim_queryset_for(request.user),
        filterset_class=ClaimFilter,
        template="bpjs/claim_list.html",
        results_template="bpjs/partials/claim_results.html",
        context={"can_keep": True},
    )


@roles_required(Capability.KEEP_CLAIMS)
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = claim_get_for(request.user, pk)
    personal_data_note(action=AccessLog.Action.VIEW, subject="bpjs_claim", object_id=claim.pk)
    return render(
        request,
        "bpjs/claim_detail.html",
        {
            "claim": claim,
            "can_keep": True,
            "funding_label": FUNDING_LABELS.get(claim.funding_source, claim.funding_source),
        },
    )


@roles_required(Capability.KEEP_CLAIMS)
def claim_create(request: HttpRequest) -> HttpResponse:
    form = ClaimForm(request.POST or None, initial={"nik": request.GET.get("nik", "")})
    if request.method == "POST" and form.is_valid():
        try:
            claim = claim_record(actor=request.user, data=form.data_object())  # type: ignore[arg-type]
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Klaim %(reference)s dicatat.") % {"reference": claim.reference})
            return redirect("bpjs:claim_detail", pk=claim.pk)
    return render(request, "bpjs/claim_form.html", {"form": form, "title": _("Catat klaim BPJS")})


@roles_required(Capability.KEEP_CLAIMS)
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    claim = claim_get_for(request.user, pk)
    form = ClaimForm(request.POST or None, initial=ClaimForm.initial_of(claim), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            claim = claim_update(actor=request.user, claim=claim, data=form.data_object())  # type: ignore[arg-type]
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Klaim %(reference)s diperbarui.") % {"reference": claim.reference})
            return redirect("bpjs:claim_detail", pk=claim.pk)
    title = _("Ubah klaim %(reference)s") % {"reference": claim.reference}
    return render(request, "bpjs/claim_form.html", {"form": form, "title": title, "claim": claim})


@roles_required(Capability.READ_CLAIM_IMPACT)
def claim_impact(request: HttpRequest) -> HttpResponse:
    form = ImpactForm(request.GET or None)
    first, last, district = None, YearMonth.current(), None
    if form.is_bound and form.is_valid():
        first = form.cleaned_data["first"]
        last = form.cleaned_data["last"] or last
        district = form.cleaned_data["district"]
    impact = claims_impact(
        regency_id=instance_region_code(), first=first, last=last, district_id=district.code if district else None
    )
    return render(
        request, "bpjs/claim_impact.html",
        {"form": form, "impact": impact, "district": district, "can_keep": may(request.user, Capability.KEEP_CLAIMS)},
    )  # fmt: skip
