"""Pages of the roster import: upload, progress, result, rejected rows."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peduli.accounts.scoping import ROSTER_MANAGERS
from peduli.agencies import selectors
from peduli.agencies.exports import rejected_rows_xlsx, roster_template_xlsx
from peduli.agencies.forms import RosterUploadForm, show_error
from peduli.agencies.roster_import import roster_import_confirm, roster_import_start
from peduli.core.access import roles_required
from peduli.core.errors import ApplicationError
from peduli.core.responses import xlsx_response


@roles_required(ROSTER_MANAGERS)
def roster_import_list(request: HttpRequest) -> HttpResponse:
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = roster_import_start(
                actor=request.user,  # type: ignore[arg-type]
                uploaded_file=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except ApplicationError as error:
            show_error(form, error)
        else:
            return redirect("agencies:roster_import_detail", pk=batch.pk)
    imports = selectors.roster_import_queryset_for(request.user)[:20]
    return render(request, "agencies/roster_import_list.html", {"form": form, "imports": imports})


@roles_required(ROSTER_MANAGERS)
def roster_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(selectors.roster_import_queryset_for(request.user), pk=pk)
    template = "agencies/partials/roster_import_status.html" if request.htmx else "agencies/roster_import_detail.html"  # type: ignore[attr-defined]
    return render(request, template, {"batch": batch, "rejected": batch.rejected_rows[:200]})


@require_POST
@roles_required(ROSTER_MANAGERS)
def roster_import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(selectors.roster_import_queryset_for(request.user), pk=pk)
    try:
        real = roster_import_confirm(actor=request.user, roster_import=batch)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("agencies:roster_import_detail", pk=batch.pk)
    messages.info(request, _("Impor dimulai."))
    return redirect("agencies:roster_import_detail", pk=real.pk)


@roles_required(ROSTER_MANAGERS)
def roster_import_rejected(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(selectors.roster_import_queryset_for(request.user), pk=pk)
    return xlsx_response(rejected_rows_xlsx(batch), filename=f"baris-ditolak-{batch.pk}.xlsx")


@roles_required(ROSTER_MANAGERS)
def roster_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(roster_template_xlsx(), filename="templat-data-asn.xlsx")
