"""Pages of the reconciliation with BPJS: a remittance's report (totals and
every difference, filtered), importing BPJS's file, the list for BPJS to fill
in, the xlsx export, and resolving a difference with a note."""

from dataclasses import asdict
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from peduli.accounts.access import require_capability, roles_required
from peduli.accounts.roles import Capability
from peduli.core.errors import ApplicationError
from peduli.core.forms import BootstrapFormMixin
from peduli.core.listing import render_list
from peduli.core.models import AccessLog
from peduli.core.months import YearMonth
from peduli.core.personal_data import personal_data_note
from peduli.core.responses import xlsx_response
from peduli.core.searches import filter_data, is_filter_post
from peduli.imports.views import ImportUploadForm
from peduli.ledger import reconciliation
from peduli.ledger.models import Remittance
from peduli.ledger.policy import remittance_actions
from peduli.ledger.reconciliation_exports import differences_xlsx, statement_template_xlsx
from peduli.ledger.reconciliation_file import StatementRejected
from peduli.ledger.reconciliation_filters import DifferenceFilter
from peduli.ledger.reconciliation_selectors import (
    difference_get_for,
    reconciliation_for,
    remittance_differences,
)
from peduli.ledger.selectors import due_queryset_for, remittance_get_for

SAME_FILE = gettext_lazy("Isi berkas ini sama dengan berkas BPJS yang sudah diimpor; tidak ada yang berubah.")


class DifferenceResolveForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Catatan penyelesaian"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=gettext_lazy("Misalnya: koreksi dikirim ke BPJS, iuran dikembalikan, pekerja didaftarkan susulan."),
    )


def _report(request: HttpRequest, remittance: Remittance, **extra: Any) -> HttpResponse:
    return render_list(
        request,
        queryset=remittance_differences(request.user, remittance),
        filterset_class=DifferenceFilter,
        template="ledger/reconciliation.html",
        results_template="ledger/reconciliation_results.html",
        context={
            "remittance": remittance, "report": reconciliation_for(request.user, remittance),
            **asdict(remittance_actions(request.user, remittance)), "import_form": ImportUploadForm(),
            "resolve_form": DifferenceResolveForm(), **extra,
        },
    )  # fmt: skip


@roles_required(Capability.READ_REMITTANCES)
def reconciliation_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report; a POST imports BPJS's file, and a refused file is shown here with its bad rows."""
    remittance = remittance_get_for(request.user, pk)
    if request.method != "POST" or is_filter_post(request):
        return _report(request, remittance)
    require_capability(request, Capability.IMPORT_STATEMENTS)
    form = ImportUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            done = reconciliation.remittance_statement_import(
                actor=request.user, remittance=remittance, file_name=upload.name,  # type: ignore[arg-type]
                content=upload.read(),
            )  # fmt: skip
        except StatementRejected as error:
            form.add_error("file", _("Berkas BPJS ditolak; perbaiki baris di bawah lalu unggah lagi."))
            return _report(request, remittance, import_form=form, row_errors=error.rows)
        except ApplicationError as error:
            form.add_error("file", error.message)
        else:
            if done.created:
                messages.success(
                    request, _("Berkas BPJS diimpor: %(lines)s baris, %(open)s selisih belum diselesaikan.")
                    % {"lines": done.statement.line_count, "open": done.differences},
                )  # fmt: skip
            else:
                messages.info(request, SAME_FILE)
            return redirect("ledger:reconciliation", pk=remittance.pk)
    return _report(request, remittance, import_form=form)


@require_GET
@roles_required(Capability.READ_REMITTANCES)
def reconciliation_export(request: HttpRequest, pk: int) -> HttpResponse:
    remittance = remittance_get_for(request.user, pk)
    data = filter_data(request.GET, request)
    filtered = DifferenceFilter(data or None, queryset=remittance_differences(request.user, remittance))
    differences = filtered.qs if filtered.is_bound and filtered.is_valid() else filtered.queryset
    report = reconciliation_for(request.user, remittance)
    personal_data_note(action=AccessLog.Action.EXPORT, row_count=differences.count())
    month = YearMonth.of(remittance.month)
    return xlsx_response(
        differences_xlsx(report, differences), filename=f"rekonsiliasi-setoran-{remittance.pk}-{month}.xlsx"
    )


@require_GET
@roles_required(Capability.IMPORT_STATEMENTS)
def reconciliation_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The remittance's worker-months in the statement's columns, for BPJS to fill in."""
    remittance = remittance_get_for(request.user, pk)
    dues = due_queryset_for(request.user).filter(remittance=remittance).order_by("worker__nik")
    rows = list(dues.values_list("worker__nik", "worker__kpj", "amount"))
    personal_data_note(action=AccessLog.Action.EXPORT, subject="remittance_dues", object_id=remittance.pk,
        row_count=len(rows),
    )  # fmt: skip
    month = YearMonth.of(remittance.month)
    return xlsx_response(
        statement_template_xlsx(month, rows), filename=f"berkas-bpjs-setoran-{remittance.pk}-{month}.xlsx"
    )


@roles_required(Capability.RESOLVE_DIFFERENCES)
def difference_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    difference = difference_get_for(request.user, pk)
    back = reverse("ledger:reconciliation", args=[difference.remittance_id])
    form = DifferenceResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reconciliation.reconciliation_difference_resolve(
                actor=request.user,  # type: ignore[arg-type]
                difference=difference,
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            form.add_error("note" if error.field == "note" else None, error.message)
        else:
            who = difference.worker.name if difference.worker else (difference.nik or difference.kpj)
            messages.success(
                request, _("Selisih %(who)s (%(month)s) diselesaikan.")
                % {"who": who, "month": YearMonth.of(difference.month).label},
            )  # fmt: skip
            return redirect(f"{back}#selisih-{difference.pk}")
    return render(
        request,
        "ledger/reconciliation_resolve.html",
        {"form": form, "title": _("Selesaikan selisih"), "difference": difference, "back_url": back},
    )
