"""Pages of the worker import wizard: upload → progress → (column mapping) →
preview → import → result. The templates under imports/ are generic: another
kind gets the same wizard by passing its own `kind` and URL names."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from peduli.core.access import roles_required
from peduli.core.errors import ApplicationError
from peduli.core.responses import xlsx_response
from peduli.imports.exports import rejected_rows_xlsx, template_xlsx
from peduli.imports.models import ImportBatch
from peduli.imports.registry import spec_for
from peduli.imports.selectors import import_batch_queryset_for
from peduli.imports.services import import_confirm, import_remap, import_resume, import_start
from peduli.imports.views import import_detail_context
from peduli.workers.forms import ImportUploadForm, show_error
from peduli.workers.selectors import WORKER_EDITORS

KIND = "workers"
URLS = {
    "list": "workers:import_list",
    "template": "workers:import_template",
    "detail": "workers:import_detail",
    "confirm": "workers:import_confirm",
    "remap": "workers:import_remap",
    "resume": "workers:import_resume",
    "rejected": "workers:import_rejected",
}
TITLE = gettext_lazy("Impor Pekerja Rentan")


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    return get_object_or_404(import_batch_queryset_for(request.user, KIND), pk=pk)


@roles_required(WORKER_EDITORS)
def import_list(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = import_start(
                actor=request.user,  # type: ignore[arg-type]
                kind=KIND,
                uploaded_file=form.cleaned_data["file"],
                dry_run=True,
            )
        except ApplicationError as error:
            show_error(form, error)
        else:
            return redirect(URLS["detail"], pk=batch.pk)
    batches = import_batch_queryset_for(request.user, KIND)[:20]
    return render(
        request,
        "imports/import_list.html",
        {"form": form, "batches": batches, "urls": URLS, "title": TITLE, "spec": spec_for(KIND)},
    )


@roles_required(WORKER_EDITORS)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    htmx = getattr(request, "htmx", None)
    template = "imports/partials/import_status.html" if htmx else "imports/import_detail.html"
    return render(request, template, import_detail_context(batch) | {"urls": URLS, "title": TITLE})


@require_POST
@roles_required(WORKER_EDITORS)
def import_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    try:
        real = import_confirm(actor=request.user, batch=batch)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(URLS["detail"], pk=batch.pk)
    messages.info(request, _("Impor dimulai."))
    return redirect(URLS["detail"], pk=real.pk)


@require_POST
@roles_required(WORKER_EDITORS)
def import_remap_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    spec = spec_for(batch.kind)
    mapping = {
        column.field: request.POST[f"map_{column.field}"]
        for column in spec.columns
        if request.POST.get(f"map_{column.field}")
    }
    try:
        again = import_remap(actor=request.user, batch=batch, mapping=mapping)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(URLS["detail"], pk=batch.pk)
    return redirect(URLS["detail"], pk=again.pk)


@require_POST
@roles_required(WORKER_EDITORS)
def import_resume_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    try:
        import_resume(actor=request.user, batch=batch)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.info(request, _("Impor dilanjutkan dari awal."))
    return redirect(URLS["detail"], pk=batch.pk)


@roles_required(WORKER_EDITORS)
def import_rejected(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    return xlsx_response(rejected_rows_xlsx(spec_for(batch.kind), batch), filename=f"baris-ditolak-{batch.pk}.xlsx")


@roles_required(WORKER_EDITORS)
def import_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(template_xlsx(spec_for(KIND)), filename="templat-pekerja-rentan.xlsx")
