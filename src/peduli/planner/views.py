"""Pages of the planner: the scenarios, the form, a scenario's projection
with its charts, a comparison of 2 to 4 scenarios, and their xlsx and PDF.
Reads go through the planner selectors; each POST calls one service."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from peduli.accounts.access import roles_required
from peduli.accounts.roles import Capability
from peduli.core.charts.chartjs import chartjs_config
from peduli.core.errors import ApplicationError
from peduli.core.forms import show_error
from peduli.core.months import YearMonth
from peduli.core.pdf import pdf_response
from peduli.core.responses import xlsx_response
from peduli.planner import exports, services
from peduli.planner.charts import cost_chart, coverage_chart
from peduli.planner.exports import Planned
from peduli.planner.forms import START_GROUP, ScenarioForm
from peduli.planner.models import Scenario
from peduli.planner.selectors import (
    enrolment_capacity_default,
    scenario_get_for,
    scenario_projection,
    scenario_queryset_for,
    scenarios_for_comparison,
    start_figures,
)
from peduli.planner.services import START_FIELDS
from peduli.regions.selectors import instance_regency


def _planned(scenario: Scenario) -> Planned:
    return Planned(scenario, scenario_projection(scenario))


@roles_required(Capability.PLAN)
def scenario_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(scenario_queryset_for(request.user), 25).get_page(request.GET.get("halaman"))
    return render(
        request, "planner/scenario_list.html",
        {"page": page, "rows": [_planned(s) for s in page], "query_string": ""},
    )  # fmt: skip


def _initial(request: HttpRequest, initial: dict[str, Any]) -> dict[str, Any]:
    """The form's values, with the starting figures of the chosen month from
    the indicators: what was typed (a GET of the form's "Ambil angka awal"
    button) over the defaults."""
    typed = {key: value for key, value in request.GET.items() if key in ScenarioForm.base_fields}
    initial = {**initial, **typed}
    try:
        month = YearMonth.parse(str(initial.get("start_month", "")))
    except ValueError:
        month = YearMonth.current() - 1
        initial["start_month"] = month
    try:
        figures = start_figures(instance_regency(), month)
    except ApplicationError as error:
        messages.error(request, error.message)
        return initial
    if figures is not None:
        initial.update(figures.as_initial())
        if "isi" in request.GET:
            messages.success(request, _("Angka awal diisi dari indikator %(month)s.") % {"month": month.label})
    elif "isi" in request.GET:
        messages.warning(
            request, _("Angka %(month)s belum tersedia dari laporan; isi angka awal secara manual.")
            % {"month": month.label},
        )  # fmt: skip
    return initial


def _form_page(request: HttpRequest, form: ScenarioForm, title: str, scenario: Scenario | None) -> HttpResponse:
    return render(
        request, "planner/scenario_form.html",
        {"form": form, "title": title, "back": scenario, "start_group": str(START_GROUP), "start_fields": START_FIELDS},
    )  # fmt: skip


@roles_required(Capability.PLAN)
def scenario_create(request: HttpRequest) -> HttpResponse:
    capacity = enrolment_capacity_default(instance_regency())
    if request.method != "POST":
        form = ScenarioForm(initial=_initial(request, {}), capacity=capacity)
        return _form_page(request, form, _("Skenario baru"), None)
    form = ScenarioForm(request.POST, capacity=capacity)
    if form.is_valid():
        try:
            scenario = services.scenario_create(actor=request.user, data=form.data_object())  # type: ignore[arg-type]
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Skenario %(name)s disimpan.") % {"name": scenario.name})
            return redirect(scenario)
    return _form_page(request, form, _("Skenario baru"), None)


@roles_required(Capability.PLAN)
def scenario_update(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = scenario_get_for(request.user, pk)
    title = _("Ubah skenario")
    capacity = enrolment_capacity_default(scenario.regency)
    if request.method != "POST":
        initial = ScenarioForm.initial_from(scenario)
        if "isi" in request.GET:
            initial = _initial(request, initial)
        return _form_page(request, ScenarioForm(initial=initial, capacity=capacity), title, scenario)
    form = ScenarioForm(request.POST, capacity=capacity)
    if form.is_valid():
        try:
            services.scenario_update(actor=request.user, scenario=scenario, data=form.data_object())  # type: ignore[arg-type]
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Skenario %(name)s diperbarui.") % {"name": form.cleaned_data["name"]})
            return redirect(scenario)
    return _form_page(request, form, title, scenario)


@require_POST
@roles_required(Capability.PLAN)
def scenario_delete(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = scenario_get_for(request.user, pk)
    try:
        services.scenario_delete(actor=request.user, scenario=scenario)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(scenario)
    messages.success(request, _("Skenario %(name)s dihapus.") % {"name": scenario.name})
    return redirect("planner:scenario_list")


@roles_required(Capability.PLAN)
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _planned(scenario_get_for(request.user, pk))
    return render(
        request,
        "planner/scenario_detail.html",
        {
            "item": item, "projection": item.projection, "source_labels": exports.source_labels(),
            "coverage_chart": chartjs_config(coverage_chart([(item.scenario.name, item.projection)])),
            "cost_chart": chartjs_config(cost_chart(item.projection)),
        },
    )  # fmt: skip


@require_GET
@roles_required(Capability.PLAN)
def scenario_export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    item = _planned(scenario_get_for(request.user, pk))
    if kind == "pdf":
        return pdf_response(exports.scenario_pdf(item), filename=exports.filename([item], "pdf"))
    return xlsx_response(exports.scenario_xlsx(item), filename=exports.filename([item], "xlsx"))


def _compared(request: HttpRequest) -> list[Planned]:
    ids = [int(value) for value in request.GET.getlist("s") if value.isdigit()]
    return [_planned(s) for s in scenarios_for_comparison(request.user, ids)]


@require_GET
@roles_required(Capability.PLAN)
def compare(request: HttpRequest) -> HttpResponse:
    try:
        items = _compared(request)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("planner:scenario_list")
    names = [item.scenario.name for item in items]
    return render(
        request,
        "planner/compare.html",
        {
            "items": items, "names": names, "rows": exports.comparison_rows(items),
            "query": request.GET.urlencode(),
            "coverage_chart": chartjs_config(coverage_chart([(item.scenario.name, item.projection) for item in items])),
        },
    )  # fmt: skip


@require_GET
@roles_required(Capability.PLAN)
def compare_export(request: HttpRequest, kind: str) -> HttpResponse:
    try:
        items = _compared(request)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("planner:scenario_list")
    if kind == "pdf":
        return pdf_response(exports.comparison_pdf(items), filename=exports.filename(items, "pdf"))
    return xlsx_response(exports.comparison_xlsx(items), filename=exports.filename(items, "xlsx"))
