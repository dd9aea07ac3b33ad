"""Pages of the worker import wizard: upload → progress → (column mapping) →
preview → import → result. The templates under imports/ are generic: another
kind gets the same wizard by passing its own `kind` and URL names."""

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from peduli.core.access import roles_required
from peduli.core.errors import ApplicationError
from peduli.core.responses import xlsx_response
from peduli.imports.engine import header_mapping
from peduli.imports.exports import rejected_rows_xlsx, template_xlsx
from peduli.imports.models import ImportBatch
from peduli.imports.progress import STALE_AFTER_SECONDS, progress_get
from peduli.imports.reading import read_table
from peduli.imports.registry import spec_for
from peduli.imports.selectors import import_batch_queryset_for
from peduli.imports.services import import_confirm, import_remap, import_resume, import_start
from peduli.workers.forms import ImportUploadForm, show_error
from peduli.workers.selectors import WORKER_EDITORS

KIND = "workers"
REJECTED_SHOWN = 200
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
STAGES = {
    "check": gettext_lazy("Memeriksa baris"),
    "write": gettext_lazy("Menyimpan"),
    "done": gettext_lazy("Selesai"),
}


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    return get_object_or_404(import_batch_queryset_for(request.user, KIND), pk=pk)


def _missing_columns(batch: ImportBatch) -> list[str] | None:
    """The file's headers when the batch failed for want of required columns
    (the mapping step is then offered), else None."""
    if batch.status != ImportBatch.Status.FAILED or not batch.file:
        return None
    try:
        headers = read_table(Path(batch.file.path)).headers
        header_mapping(spec_for(batch.kind), headers, batch.mapping)
    except ApplicationError as error:
        return headers if error.code == "columns_missing" else None
    except OSError:
        return None
    return None


def _mapping_fields(batch: ImportBatch, headers: list[str]) -> list[dict[str, Any]]:
    spec = spec_for(batch.kind)
    used: set[str] = set()
    fields = []
    for column in spec.columns:
        chosen = batch.mapping.get(column.field) or next(
            (h for h in headers if h not in used and column.matches(h)), ""
        )
        if chosen:
            used.add(chosen)
        fields.append({"field": column.field, "label": column.label, "required": column.required, "chosen": chosen})
    return fields


def _detail_context(batch: ImportBatch) -> dict[str, Any]:
    spec = spec_for(batch.kind)
    progress = progress_get(batch.pk)
    stale = False
    if batch.status == ImportBatch.Status.RUNNING:
        if progress is not None:
            stale = progress.is_stale
        else:
            stale = batch.created_at < timezone.now() - timedelta(seconds=STALE_AFTER_SECONDS)
    headers = _missing_columns(batch)
    labels = {column.field: column.label for column in spec.columns}
    preview_keys = list(batch.preview[0].keys()) if batch.preview else []
    return {
        "batch": batch,
        "spec": spec,
        "urls": URLS,
        "title": TITLE,
        "progress": progress,
        "percent": progress.percent if progress else 0,
        "stage": STAGES.get(progress.stage, progress.stage) if progress else "",
        "stale": stale,
        "file_headers": headers,
        "mapping_fields": _mapping_fields(batch, headers) if headers else [],
        "preview_headers": [labels.get(key, key) for key in preview_keys],
        "preview_rows": [[row.get(key, "") for key in preview_keys] for row in batch.preview],
        "rejected": batch.rejected_rows.all()[:REJECTED_SHOWN] if batch.status == ImportBatch.Status.DONE else [],
        "rejected_shown": REJECTED_SHOWN,
    }


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
    return render(request, template, _detail_context(batch))


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
