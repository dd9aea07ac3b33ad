"""The import wizard every kind shares: its pages (`ImportWizard`) and what
they show of a batch (progress, column mapping, preview, rejected rows);
templates in imports/."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_stubs_ext import StrOrPromise

from peduli.accounts.access import roles_required
from peduli.accounts.roles import Capability
from peduli.core.errors import ApplicationError
from peduli.core.formatting import byte_size
from peduli.core.forms import BootstrapFormMixin
from peduli.core.models import AccessLog
from peduli.core.personal_data import personal_data_note
from peduli.core.responses import xlsx_response
from peduli.imports.engine import header_mapping
from peduli.imports.exports import rejected_rows_xlsx, template_xlsx
from peduli.imports.models import CORRECTION_REASON_LONGEST, ImportBatch
from peduli.imports.progress import batch_is_stale, progress_get
from peduli.imports.registry import spec_for
from peduli.imports.selectors import import_batch_queryset_for
from peduli.imports.services import (
    import_as_correction,
    import_confirm,
    import_discard,
    import_remap,
    import_resume,
    import_start,
)

REJECTED_SHOWN = 200
STAGES = {
    "read": gettext_lazy("Membaca berkas"),
    "check": gettext_lazy("Memeriksa baris"),
    "write": gettext_lazy("Menyimpan"),
    "done": gettext_lazy("Selesai"),
}


def _missing_columns(batch: ImportBatch) -> list[str] | None:
    """The file's headers when the batch failed for want of required columns
    (the mapping step is then offered), else None. The run kept them on the
    batch: a page never reads an uploaded file."""
    if batch.status != ImportBatch.Status.FAILED or not batch.headers:
        return None
    try:
        header_mapping(spec_for(batch.kind), batch.headers, batch.mapping)
    except ApplicationError as error:
        return list(batch.headers) if error.code == "columns_missing" else None
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


def import_detail_context(batch: ImportBatch) -> dict[str, Any]:
    """What the generic wizard templates show of a batch; the caller adds its
    `urls` (URL names by step) and `title`."""
    spec = spec_for(batch.kind)
    progress = progress_get(batch.pk)
    stale = batch_is_stale(batch)
    headers = _missing_columns(batch)
    labels = {"row": _("Baris"), "action": _("Tindakan")} | {column.field: column.label for column in spec.columns}
    preview_keys = list(batch.preview[0].keys()) if batch.preview else []
    done = batch.status == ImportBatch.Status.DONE
    rejected = list(batch.rejected_rows.all()[:REJECTED_SHOWN]) if done else []
    kept = batch.rejected_rows.count() if done and batch.rejected_count else 0
    return {
        "batch": batch,
        "spec": spec,
        "progress": progress,
        "percent": progress.percent if progress else 0,
        "stage": STAGES.get(progress.stage, progress.stage) if progress else "",
        "stale": stale,
        "file_headers": headers,
        "mapping_fields": _mapping_fields(batch, headers) if headers else [],
        "preview_headers": [labels.get(key, key) for key in preview_keys],
        "preview_rows": [[row.get(key, "") for key in preview_keys] for row in batch.preview],
        "rejected": rejected,
        "rejected_shown": REJECTED_SHOWN,
        "rejected_kept": kept,
        "rejected_more": max(batch.rejected_count - kept, 0),
        "changes": batch.changes,
        "changes_more": max(batch.updated_count - len(batch.changes), 0),
        "correction_offered": spec.correctable
        and batch.dry_run
        and bool(batch.rejected_count)
        and not batch.correction_reason,
        "correction_help": CORRECTION_HELP,
        "correction_reason_longest": CORRECTION_REASON_LONGEST,
        "may_retry": (stale or batch.interrupted) and batch.attempts < settings.PEDULI_IMPORT_MAX_ATTEMPTS,
        "may_discard": stale or batch.status in (ImportBatch.Status.FAILED, ImportBatch.Status.PENDING),
    }


CORRECTION_HELP = gettext_lazy(
    "Hanya untuk memperbaiki nama pekerja yang sudah diverifikasi atau nama yang salah tercatat pada NIK-nya. "
    "Alasannya dicatat di riwayat setiap data yang berubah."
)


class ImportUploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "xlsx, xls, ods atau csv, paling besar %(limit)s. Kolom NIK/NIP harus berformat Teks."
        ) % {"limit": byte_size(settings.PEDULI_UPLOAD_MAX_BYTES)}

    def clean_file(self) -> Any:
        # The request itself was capped before it was parsed (core.uploads); this names the limit beside the field.
        upload = self.cleaned_data["file"]
        limit = settings.PEDULI_UPLOAD_MAX_BYTES
        if upload.size > limit:
            message = _("Berkas lebih besar dari batas %(limit)s; pecah menjadi beberapa berkas.")
            raise forms.ValidationError(message % {"limit": byte_size(limit)})
        return upload


class CorrectableUploadForm(ImportUploadForm):
    """The upload of a correctable kind: the file may be a "koreksi data" batch (spec.ImportOptions)."""

    correction = forms.BooleanField(label=gettext_lazy("Koreksi data"), required=False, help_text=CORRECTION_HELP)
    correction_reason = forms.CharField(
        label=gettext_lazy("Alasan koreksi data"), max_length=CORRECTION_REASON_LONGEST, required=False,
        help_text=gettext_lazy("Misalnya: Salah ketik nama saat pendataan."),
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("correction") and not data.get("correction_reason"):
            self.add_error("correction_reason", _("Tulis alasan koreksi datanya."))
        if data.get("correction_reason") and not data.get("correction"):
            self.add_error("correction", _("Centang Koreksi data, atau kosongkan alasannya untuk impor biasa."))
        return data


_WIZARDS: dict[str, "ImportWizard"] = {}


def batch_url(batch: ImportBatch) -> str:
    """The page of `batch` in its kind's wizard (the URLs are loaded by then)."""
    wizard = _WIZARDS.get(batch.kind)
    return reverse(wizard.urls["detail"], args=[batch.pk]) if wizard else ""


@dataclass(frozen=True)
class ImportWizard:
    """The pages of one kind's import: upload → progress → (column mapping) →
    preview → import → result, plus the template and the rejected rows.

    An app makes one and includes `wizard.urlpatterns(route)` in its URLs;
    the steps are then named `<app>:<name>_<step>` (list, template, detail,
    confirm, remap, resume, discard, rejected).
    """

    kind: str
    title: StrOrPromise
    capability: Capability
    app: str
    name: str
    template_filename: str

    def __post_init__(self) -> None:
        _WIZARDS[self.kind] = self

    @property
    def urls(self) -> dict[str, str]:
        steps = ("list", "template", "detail", "confirm", "remap", "correct", "resume", "discard", "rejected")
        return {step: f"{self.app}:{self.name}_{step}" for step in steps}

    def urlpatterns(self, route: str) -> list[URLPattern]:
        """The wizard's URLs under `route` (e.g. "pekerja/impor/"), in Indonesian."""
        return [
            path(route, self.upload, name=f"{self.name}_list"),
            path(f"{route}templat.xlsx", self.template, name=f"{self.name}_template"),
            path(f"{route}<int:pk>/", self.detail, name=f"{self.name}_detail"),
            path(f"{route}<int:pk>/impor-sekarang/", self.confirm, name=f"{self.name}_confirm"),
            path(f"{route}<int:pk>/pemetaan/", self.remap, name=f"{self.name}_remap"),
            path(f"{route}<int:pk>/koreksi/", self.correct, name=f"{self.name}_correct"),
            path(f"{route}<int:pk>/lanjutkan/", self.resume, name=f"{self.name}_resume"),
            path(f"{route}<int:pk>/buang/", self.discard, name=f"{self.name}_discard"),
            path(f"{route}<int:pk>/ditolak.xlsx", self.rejected, name=f"{self.name}_rejected"),
        ]

    def _batch(self, request: HttpRequest, pk: int) -> ImportBatch:
        return get_object_or_404(import_batch_queryset_for(request.user, self.kind), pk=pk)

    def _context(self, **extra: Any) -> dict[str, Any]:
        return {"urls": self.urls, "title": self.title, "spec": spec_for(self.kind), **extra}

    def upload_form(self, request: HttpRequest) -> ImportUploadForm:
        """The upload step's form; a wizard that asks for more extends it."""
        form = CorrectableUploadForm if spec_for(self.kind).correctable else ImportUploadForm
        return form(request.POST or None, request.FILES or None)

    def upload_start(self, request: HttpRequest, form: ImportUploadForm) -> ImportBatch:
        """Start the import of the uploaded file (a dry run to preview first)."""
        return import_start(
            actor=request.user,  # type: ignore[arg-type]
            kind=self.kind, uploaded_file=form.cleaned_data["file"], dry_run=True,
            correction_reason=form.cleaned_data.get("correction_reason") or "",
        )  # fmt: skip

    @property
    def upload(self) -> Callable[..., HttpResponse]:
        @roles_required(self.capability)
        def view(request: HttpRequest) -> HttpResponse:
            form = self.upload_form(request)
            if request.method == "POST" and form.is_valid():
                try:
                    batch = self.upload_start(request, form)
                except ApplicationError as error:
                    form.add_error(error.field if error.field in form.fields else None, error.message)
                else:
                    return redirect(self.urls["detail"], pk=batch.pk)
            batches = import_batch_queryset_for(request.user, self.kind)[:20]
            return render(request, "imports/import_list.html", self._context(form=form, batches=batches))

        return view

    @property
    def detail(self) -> Callable[..., HttpResponse]:
        @roles_required(self.capability)
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            batch = self._batch(request, pk)
            htmx = getattr(request, "htmx", None)
            template = "imports/partials/import_status.html" if htmx else "imports/import_detail.html"
            return render(request, template, import_detail_context(batch) | self._context())

        return view

    def _acting(self, service: Callable[..., ImportBatch], done: StrOrPromise) -> Callable[..., HttpResponse]:
        """A POST view that calls one service on the batch and goes to the batch it returns."""

        @require_POST
        @roles_required(self.capability)
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            batch = self._batch(request, pk)
            try:
                result = service(request, batch)
            except ApplicationError as error:
                messages.error(request, error.message)
                return redirect(self.urls["detail"], pk=batch.pk)
            messages.info(request, str(done))
            return redirect(self.urls["detail"], pk=result.pk)

        return view

    @property
    def confirm(self) -> Callable[..., HttpResponse]:
        return self._acting(
            lambda request, batch: import_confirm(actor=request.user, batch=batch), gettext_lazy("Impor dimulai.")
        )

    @property
    def remap(self) -> Callable[..., HttpResponse]:
        def remap(request: HttpRequest, batch: ImportBatch) -> ImportBatch:
            mapping = {
                column.field: request.POST[f"map_{column.field}"]
                for column in spec_for(self.kind).columns
                if request.POST.get(f"map_{column.field}")
            }
            return import_remap(actor=request.user, batch=batch, mapping=mapping)  # type: ignore[arg-type]

        return self._acting(remap, gettext_lazy("Berkas diperiksa ulang dengan kolom pilihan Anda."))

    @property
    def correct(self) -> Callable[..., HttpResponse]:
        def correct(request: HttpRequest, batch: ImportBatch) -> ImportBatch:
            reason = request.POST.get("correction_reason", "")
            return import_as_correction(actor=request.user, batch=batch, reason=reason)  # type: ignore[arg-type]

        return self._acting(correct, gettext_lazy("Berkas diperiksa ulang sebagai koreksi data."))

    @property
    def resume(self) -> Callable[..., HttpResponse]:
        return self._acting(
            lambda request, batch: import_resume(actor=request.user, batch=batch),
            gettext_lazy("Impor dilanjutkan dari awal."),
        )

    @property
    def discard(self) -> Callable[..., HttpResponse]:
        return self._acting(
            lambda request, batch: import_discard(actor=request.user, batch=batch),
            gettext_lazy("Impor dibuang; berkasnya sudah dihapus."),
        )

    @property
    def rejected(self) -> Callable[..., HttpResponse]:
        @roles_required(self.capability)
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            batch = self._batch(request, pk)
            personal_data_note(action=AccessLog.Action.EXPORT, subject="import_rejected_rows",
                object_id=batch.pk, row_count=batch.rejected_count,
            )  # fmt: skip
            content = rejected_rows_xlsx(spec_for(self.kind), batch)
            return xlsx_response(content, filename=f"baris-ditolak-{batch.pk}.xlsx")

        return view

    @property
    def template(self) -> Callable[..., HttpResponse]:
        @roles_required(self.capability)
        def view(request: HttpRequest) -> HttpResponse:
            return xlsx_response(template_xlsx(spec_for(self.kind), request.user), filename=self.template_filename)

        return view
