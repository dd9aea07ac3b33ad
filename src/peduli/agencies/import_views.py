"""Pages of the roster import: the generic wizard of the import engine
(upload → progress → column mapping → preview → import → result) for the kind
"civil_servants", under the addresses users know (asn/impor/…)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from peduli.accounts.scoping import ROSTER_MANAGERS
from peduli.agencies.forms import RosterUploadForm, show_error
from peduli.core.access import roles_required
from peduli.core.audit import access_log_record
from peduli.core.errors import ApplicationError
from peduli.core.models import AccessLog
from peduli.core.responses import xlsx_response
from peduli.imports.exports import rejected_rows_xlsx, template_xlsx
from peduli.imports.models import ImportBatch
from peduli.imports.registry import spec_for
from peduli.imports.selectors import import_batch_queryset_for
from peduli.imports.services import import_confirm, import_remap, import_resume, import_start

# The wizard's context (progress, staleness, mapping step, preview) is built
# where the engine's first user keeps it; only the addresses and title differ.
from peduli.imports.views import import_detail_context

KIND = "civil_servants"
URLS = {
    "list": "agencies:roster_import_list",
    "template": "agencies:roster_template",
    "detail": "agencies:roster_import_detail",
    "confirm": "agencies:roster_import_commit",
    "remap": "agencies:roster_import_remap",
    "resume": "agencies:roster_import_resume",
    "rejected": "agencies:roster_import_rejected",
}
TITLE = gettext_lazy("Impor Data ASN")


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    return get_object_or_404(import_batch_queryset_for(request.user, KIND), pk=pk)


@roles_required(ROSTER_MANAGERS)
def roster_import_list(request: HttpRequest) -> HttpResponse:
    form = RosterUploadForm(request.POST or None, request.FILES or None)
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


@roles_required(ROSTER_MANAGERS)
def roster_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    template = "imports/partials/import_status.html" if getattr(request, "htmx", None) else "imports/import_detail.html"
    return render(request, template, import_detail_context(batch) | {"urls": URLS, "title": TITLE})


@require_POST
@roles_required(ROSTER_MANAGERS)
def roster_import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    try:
        real = import_confirm(actor=request.user, batch=batch)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(URLS["detail"], pk=batch.pk)
    messages.info(request, _("Impor dimulai."))
    return redirect(URLS["detail"], pk=real.pk)


@require_POST
@roles_required(ROSTER_MANAGERS)
def roster_import_remap(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    mapping = {
        column.field: request.POST[f"map_{column.field}"]
        for column in spec_for(KIND).columns
        if request.POST.get(f"map_{column.field}")
    }
    try:
        again = import_remap(actor=request.user, batch=batch, mapping=mapping)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(URLS["detail"], pk=batch.pk)
    return redirect(URLS["detail"], pk=again.pk)


@require_POST
@roles_required(ROSTER_MANAGERS)
def roster_import_resume(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    try:
        import_resume(actor=request.user, batch=batch)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.info(request, _("Impor dilanjutkan dari awal."))
    return redirect(URLS["detail"], pk=batch.pk)


@roles_required(ROSTER_MANAGERS)
def roster_import_rejected(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    access_log_record(
        user=request.user, action=AccessLog.Action.EXPORT, subject="import_rejected_rows", object_id=batch.pk,
        row_count=batch.rejected_count,
    )  # fmt: skip
    return xlsx_response(rejected_rows_xlsx(spec_for(KIND), batch), filename=f"baris-ditolak-{batch.pk}.xlsx")


@roles_required(ROSTER_MANAGERS)
def roster_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(template_xlsx(spec_for(KIND)), filename="templat-data-asn.xlsx")
