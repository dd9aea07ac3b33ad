"""Pages of the registration exchange with BPJS Ketenagakerjaan: batches
(list, new, detail, download), workers to fix after a rejection, the file
layout editor, and the answer import wizard. Only BPJS officers and the
labour office open them; each POST calls one service."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from peduli.accounts.access import roles_required
from peduli.accounts.roles import Capability
from peduli.bpjs.registration import registration_batch_create, registration_template_save
from peduli.bpjs.registration_export import registration_batch_filename, registration_batch_xlsx
from peduli.bpjs.registration_fields import FIELDS
from peduli.bpjs.registration_forms import (
    BatchCreateForm,
    TemplateColumnFormSet,
    TemplateForm,
    template_columns_from,
)
from peduli.bpjs.registration_selectors import (
    Status,
    registration_batch_get_for,
    registration_batch_queryset_for,
    registration_eligible_count_for,
    registration_entry_queryset_for,
    registration_rejected_for,
    registration_template_current,
    registration_template_queryset_for,
)
from peduli.core.errors import ApplicationError
from peduli.core.models import AccessLog
from peduli.core.personal_data import personal_data_note
from peduli.core.responses import xlsx_response
from peduli.imports.views import ImportWizard
from peduli.regions.selectors import instance_region_code

PAGE = 50
STATUS_FILTERS = [
    (Status.SENT.value, gettext_lazy("Menunggu jawaban")),
    (Status.REGISTERED.value, Status.REGISTERED.label),
    (Status.REJECTED.value, Status.REJECTED.label),
]
answer_wizard = ImportWizard(
    kind="bpjs_registration_answers",
    title=gettext_lazy("Impor Jawaban Pendaftaran BPJS"),
    capability=Capability.EXCHANGE_REGISTRATIONS,
    app="bpjs",
    name="answer_import",
    template_filename="templat-jawaban-pendaftaran-bpjs.xlsx",
)


@roles_required(Capability.EXCHANGE_REGISTRATIONS)
def batch_list(request: HttpRequest) -> HttpResponse:
    batches = Paginator(registration_batch_queryset_for(request.user), PAGE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "bpjs/registration_batch_list.html",
        {
            "page": batches,
            "query_string": "",
            "eligible": registration_eligible_count_for(request.user, regency_id=instance_region_code()),
            "to_fix": registration_rejected_for(request.user, fixed=False).count(),
            "section": "batches",
        },
    )


@roles_required(Capability.EXCHANGE_REGISTRATIONS)
def batch_create(request: HttpRequest) -> HttpResponse:
    form = BatchCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = registration_batch_create(
                actor=request.user,  # type: ignore[arg-type]
                limit=form.cleaned_data["limit"],
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request, _("Batch #%(id)d dibuat: %(n)d pekerja.") % {"id": batch.pk, "n": batch.worker_count}
            )
            return redirect("bpjs:registration_batch_detail", pk=batch.pk)
    try:
        template = registration_template_current()
    except ApplicationError:
        template = None
    return render(
        request,
        "bpjs/registration_batch_new.html",
        {
            "form": form,
            "template": template,
            "eligible": registration_eligible_count_for(request.user, regency_id=instance_region_code()),
            "section": "batches",
        },
    )


@roles_required(Capability.EXCHANGE_REGISTRATIONS)
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = registration_batch_get_for(request.user, pk)
    status = request.GET.get("status", "")
    entries = registration_entry_queryset_for(request.user).filter(batch=batch).order_by("worker__name", "pk")
    if status in Status.values:
        entries = entries.filter(status=status)
    personal_data_note(action=AccessLog.Action.VIEW, subject="bpjs_registration_batch", object_id=batch.pk)
    return render(
        request,
        "bpjs/registration_batch_detail.html",
        {
            "batch": batch,
            "page": Paginator(entries, PAGE).get_page(request.GET.get("halaman")),
            "query_string": f"status={status}" if status else "",
            "status": status,
            "statuses": STATUS_FILTERS,
            "section": "batches",
        },
    )


@require_GET
@roles_required(Capability.EXCHANGE_REGISTRATIONS)
def batch_download(request: HttpRequest, pk: int) -> HttpResponse:
    batch = registration_batch_get_for(request.user, pk)
    personal_data_note(action=AccessLog.Action.EXPORT, subject="bpjs_registration_batch", object_id=batch.pk,
        row_count=batch.worker_count, detail=f"templat v{batch.template.version}",
    )  # fmt: skip
    return xlsx_response(registration_batch_xlsx(batch), filename=registration_batch_filename(batch))


@roles_required(Capability.EXCHANGE_REGISTRATIONS)
def rejected_list(request: HttpRequest) -> HttpResponse:
    entries = registration_rejected_for(request.user)
    return render(
        request,
        "bpjs/registration_rejected.html",
        {"page": Paginator(entries, PAGE).get_page(request.GET.get("halaman")), "query_string": "",
         "section": "rejected"},
    )  # fmt: skip


@roles_required(Capability.EXCHANGE_REGISTRATIONS)
def template_edit(request: HttpRequest) -> HttpResponse:
    try:
        current = registration_template_current()
    except ApplicationError:
        current = None
    initial = {"name": current.name if current else ""}
    rows = [{**column, "ORDER": n} for n, column in enumerate(current.columns if current else [], start=1)]
    form = TemplateForm(request.POST or None, initial=initial)
    # Initial rows only for showing: compared with posted rows they would make
    # an unchanged column look like an empty extra row and drop it.
    formset = TemplateColumnFormSet(request.POST or None, initial=None if request.POST else rows, prefix="kolom")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            saved = registration_template_save(
                actor=request.user,  # type: ignore[arg-type]
                columns=template_columns_from(formset), name=form.cleaned_data["name"], note=form.cleaned_data["note"],
            )  # fmt: skip
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Templat versi %(v)d disimpan.") % {"v": saved.version})
            return redirect("bpjs:registration_template")
    return render(
        request,
        "bpjs/template_edit.html",
        {
            "form": form,
            "formset": formset,
            "current": current,
            "versions": registration_template_queryset_for(request.user)[:20],
            "fields": FIELDS.values(),
            "section": "template",
        },
    )
