"""Pages of agencies and civil servants. Each view reads through a scoped
selector, writes through one service, and shows a service's refusal beside
the field it concerns."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from peduli.accounts.access import roles_required
from peduli.accounts.roles import Capability, may
from peduli.agencies import selectors, services
from peduli.agencies.exports import civil_servants_xlsx
from peduli.agencies.filters import AgencyFilter, CivilServantFilter
from peduli.agencies.forms import (
    AgencyCreateForm,
    AgencyRenameForm,
    AgencyUpdateForm,
    CivilServantEndForm,
    CivilServantForm,
)
from peduli.core.errors import ApplicationError
from peduli.core.forms import show_error
from peduli.core.history import history_entries
from peduli.core.listing import render_list
from peduli.core.models import AccessLog
from peduli.core.personal_data import personal_data_note
from peduli.core.responses import xlsx_response
from peduli.core.searches import filter_data


def _require_regency_admin(request: HttpRequest) -> None:
    if not may(request.user, Capability.MANAGE_AGENCIES):
        raise PermissionDenied


# Agencies -----------------------------------------------------------------------


@roles_required(Capability.READ_ROSTER)
def agency_list(request: HttpRequest) -> HttpResponse:
    return render_list(
        request,
        queryset=selectors.agency_list_with_counts(request.user),
        filterset_class=AgencyFilter,
        template="agencies/agency_list.html",
        results_template="agencies/partials/agency_results.html",
        context={"can_create": may(request.user, Capability.MANAGE_AGENCIES)},
    )


@roles_required(Capability.USE_SITE)
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = selectors.agency_get_for(request.user, pk)
    today = timezone.localdate()
    people = selectors.civil_servant_queryset_for(request.user).filter(agency=agency)
    return render(
        request,
        "agencies/agency_detail.html",
        {
            "agency": agency,
            "names": agency.names.all(),
            "active_count": selectors.active_on(people, today).count(),
            "can_edit": may(request.user, Capability.MANAGE_AGENCIES),
        },
    )


@roles_required(Capability.USE_SITE)
def agency_history(request: HttpRequest, pk: int) -> HttpResponse:
    agency = selectors.agency_get_for(request.user, pk)
    return render(request, "core/partials/history.html", {"entries": history_entries(agency)})


@roles_required(Capability.MANAGE_AGENCIES)
def agency_create(request: HttpRequest) -> HttpResponse:
    form = AgencyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_create(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("OPD %(name)s ditambahkan.") % {"name": agency.name})
            return redirect("agencies:agency_detail", pk=agency.pk)
    return render(request, "core/form.html", {"form": form, "title": _("Tambah OPD")})


@roles_required(Capability.MANAGE_AGENCIES)
def agency_update(request: HttpRequest, pk: int) -> HttpResponse:
    agency = selectors.agency_get_for(request.user, pk)
    initial = {
        "short_name": agency.short_name,
        "kind": agency.kind,
        "district": agency.district,
        "valid_until": agency.valid_until,
    }
    form = AgencyUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_update(actor=request.user, agency=agency, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Data OPD disimpan."))
            return redirect("agencies:agency_detail", pk=agency.pk)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("Ubah %(name)s") % {"name": agency.name}, "back": agency},
    )


@roles_required(Capability.MANAGE_AGENCIES)
def agency_rename(request: HttpRequest, pk: int) -> HttpResponse:
    agency = selectors.agency_get_for(request.user, pk)
    form = AgencyRenameForm(request.POST or None, initial={"effective": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_rename(actor=request.user, agency=agency, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Nama OPD diganti; nama lama tetap tercatat."))
            return redirect("agencies:agency_detail", pk=agency.pk)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("Ganti nama %(name)s") % {"name": agency.name}, "back": agency},
    )


# Civil servants -----------------------------------------------------------------


@roles_required(Capability.READ_ROSTER)
def civil_servant_list(request: HttpRequest) -> HttpResponse:
    return render_list(
        request,
        queryset=selectors.civil_servant_queryset_for(request.user),
        filterset_class=CivilServantFilter,
        template="agencies/civil_servant_list.html",
        results_template="agencies/partials/civil_servant_results.html",
        context={
            "can_create": selectors.agency_queryset_manageable_by(request.user).exists(),
            "today": timezone.localdate(),
        },
    )


@require_GET
@roles_required(Capability.READ_ROSTER)
def civil_servant_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as xlsx; the export is logged as access to personal data."""
    data = filter_data(request.GET, request)
    filterset = CivilServantFilter(
        data or None, queryset=selectors.civil_servant_queryset_for(request.user), request=request
    )
    people = filterset.qs if filterset.is_valid() else filterset.queryset
    personal_data_note(action=AccessLog.Action.EXPORT, row_count=people.count())
    return xlsx_response(civil_servants_xlsx(people), filename=f"data-asn-{timezone.localdate():%Y%m%d}.xlsx")


@roles_required(Capability.USE_SITE)
def civil_servant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.civil_servant_get_for(request.user, pk)
    personal_data_note(action=AccessLog.Action.VIEW, subject="civil_servant", object_id=person.pk)
    can_edit = selectors.agency_queryset_manageable_by(request.user).filter(pk=person.agency_id).exists()
    return render(request, "agencies/civil_servant_detail.html", {"person": person, "can_edit": can_edit})


@roles_required(Capability.USE_SITE)
def civil_servant_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.civil_servant_get_for(request.user, pk)
    return render(request, "core/partials/history.html", {"entries": history_entries(person)})


def _civil_servant_form(request: HttpRequest, initial: dict[str, Any] | None = None) -> CivilServantForm:
    return CivilServantForm(
        request.POST or None, initial=initial, agencies=selectors.agency_queryset_manageable_by(request.user)
    )


@roles_required(Capability.MANAGE_ROSTER)
def civil_servant_create(request: HttpRequest) -> HttpResponse:
    form = _civil_servant_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.civil_servant_create(actor=request.user, data=form.to_data())  # type: ignore[arg-type]
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("%(name)s ditambahkan ke data ASN.") % {"name": person.name})
            return redirect("agencies:civil_servant_detail", pk=person.pk)
    return render(request, "core/form.html", {"form": form, "title": _("Tambah ASN")})


@roles_required(Capability.MANAGE_ROSTER)
def civil_servant_update(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.civil_servant_get_for(request.user, pk)
    form = _civil_servant_form(request, initial=CivilServantForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        try:
            services.civil_servant_update(actor=request.user, civil_servant=person, data=form.to_data())  # type: ignore[arg-type]
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Data ASN disimpan."))
            return redirect("agencies:civil_servant_detail", pk=person.pk)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("Ubah data %(name)s") % {"name": person.name}, "back": person},
    )


@roles_required(Capability.MANAGE_ROSTER)
def civil_servant_end(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.civil_servant_get_for(request.user, pk)
    form = CivilServantEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.civil_servant_end_service(actor=request.user, civil_servant=person, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("%(name)s dicatat berhenti bertugas.") % {"name": person.name})
            return redirect("agencies:civil_servant_detail", pk=person.pk)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("Catat berhenti: %(name)s") % {"name": person.name}, "back": person},
    )
