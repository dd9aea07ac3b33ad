"""The page of the coverage denominators and targets (/laporan/dasar/): the
informal workers per district and year with the shares Peduli computes and
what does not add up, the targets and their trajectory; forms to record and
correct them, and the spreadsheet import wizard."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from peduli.accounts.access import roles_required
from peduli.accounts.roles import Capability, may
from peduli.core.errors import ApplicationError
from peduli.core.forms import show_error
from peduli.imports.views import ImportWizard, import_detail_context
from peduli.regions.selectors import instance_regency
from peduli.reporting.baselines import selectors, services
from peduli.reporting.baselines.forms import BaselineForm, TargetForm
from peduli.reporting.baselines.importing import baseline_import_warnings
from peduli.reporting.coverage.trends import target_trajectory

LIST = "reporting:baseline_list"


class BaselineImportWizard(ImportWizard):
    """The shared wizard, whose result also lists the figures that do not add up."""

    @property
    def detail(self) -> Callable[..., HttpResponse]:
        @roles_required(self.capability)
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            batch = self._batch(request, pk)
            context = import_detail_context(batch) | self._context(warnings=baseline_import_warnings(batch=batch))
            partial = bool(getattr(request, "htmx", None))
            template = "reporting/partials/baseline_import_status.html" if partial else "reporting/baseline_import.html"
            return render(request, template, context)

        return view


wizard = BaselineImportWizard(
    kind="baselines",
    title=gettext_lazy("Impor Data Pekerja Informal"),
    capability=Capability.EDIT_BASELINES,
    app="reporting",
    name="baseline_import",
    template_filename="templat-pekerja-informal.xlsx",
)


@roles_required(Capability.READ_BASELINES)
def baseline_list(request: HttpRequest) -> HttpResponse:
    regency = instance_regency()
    targets = selectors.target_queryset_for(request.user).filter(regency=regency).order_by("year")
    return render(
        request,
        "reporting/baseline_list.html",
        {
            "regency": regency,
            "years": selectors.baseline_years_for(request.user, regency=regency),
            "targets": targets,
            "trajectory": target_trajectory(regency=regency),
            "can_edit": may(request.user, Capability.EDIT_BASELINES),
        },
    )


def _form_page(request: HttpRequest, form: Any, title: str, delete_url: str = "") -> HttpResponse:
    context = {"form": form, "title": title, "delete_url": delete_url}
    return render(request, "reporting/baseline_form.html", context)


@roles_required(Capability.EDIT_BASELINES)
def baseline_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    regency = instance_regency()
    row = selectors.baseline_get_for(request.user, pk) if pk is not None else None
    initial: dict[str, Any] = {"year": request.GET.get("tahun")}
    if row is not None:
        initial = {
            "district": row.district, "year": row.year, "informal_workers": row.informal_workers,
            "source": row.source, "stated_share_pct": row.stated_share_pct,
        }  # fmt: skip
    form = BaselineForm(request.POST or None, initial=initial, regency=regency, fixed_place=row is not None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.baseline_set(actor=request.user, regency=regency, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            show_error(form, error)
        else:
            place = saved.district.label if saved.district else regency.name
            messages.success(request, _("Jumlah pekerja informal %(place)s %(year)s disimpan.") % {
                "place": place, "year": saved.year,
            })  # fmt: skip
            return redirect(LIST)
    if row is None:
        return _form_page(request, form, _("Catat jumlah pekerja informal"))
    place = row.district.label if row.district else regency.name
    title = _("Ubah angka %(place)s %(year)s") % {"place": place, "year": row.year}
    return _form_page(request, form, title, reverse("reporting:baseline_delete", args=[row.pk]))


def _deleting(request: HttpRequest, delete: Callable[[], None], done: str) -> HttpResponse:
    try:
        delete()
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(LIST)


@require_POST
@roles_required(Capability.EDIT_BASELINES)
def baseline_delete(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.baseline_get_for(request.user, pk)
    return _deleting(
        request,
        lambda: services.baseline_delete(actor=request.user, baseline=row),  # type: ignore[arg-type]
        _("Angka %(row)s dihapus.") % {"row": row},
    )


@roles_required(Capability.EDIT_BASELINES)
def target_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    regency = instance_regency()
    target = selectors.target_get_for(request.user, pk) if pk is not None else None
    initial: dict[str, Any] = {}
    if target is not None:
        initial = {"year": target.year, "coverage_pct": target.coverage_pct, "legal_source": target.legal_source}
    form = TargetForm(request.POST or None, initial=initial, fixed_year=target is not None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.target_set(actor=request.user, regency=regency, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Target %(year)s disimpan.") % {"year": saved.year})
            return redirect(LIST)
    if target is None:
        return _form_page(request, form, _("Tambah target"))
    delete_url = reverse("reporting:baseline_target_delete", args=[target.pk])
    return _form_page(request, form, _("Ubah target %(year)s") % {"year": target.year}, delete_url)


@require_POST
@roles_required(Capability.EDIT_BASELINES)
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.target_get_for(request.user, pk)
    return _deleting(
        request,
        lambda: services.target_delete(actor=request.user, target=target),  # type: ignore[arg-type]
        _("Target %(year)s dihapus.") % {"year": target.year},
    )
