from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from peduli.imports.spec import ImportOptions

# A correction batch's reason goes into each changed record's history reason
# (at most 100 characters) after "Koreksi data (impor #…): ".
CORRECTION_REASON_LONGEST = 60


class ImportBatch(models.Model):
    """One uploaded file of any kind (workers, civil servants, …) and what became of it.

    A dry run checks and previews; its confirmation is a second batch that
    writes. A batch that writes does so in one transaction: it is DONE with all
    its rows or, after a crash, never DONE and nothing of it is in the registry
    (see `imports.engine`).
    """

    # Personal data (UU 27/2022): the file's first rows and the changes it
    # makes to people's records; reads are logged (core.personal_data).
    personal_subject: ClassVar[str] = "import_preview"
    personal_fields: ClassVar[tuple[str, ...]] = ("preview", "changes")

    class Status(models.TextChoices):
        PENDING = "pending", _("menunggu")
        RUNNING = "running", _("diproses")
        DONE = "done", _("selesai")
        FAILED = "failed", _("gagal")
        DISCARDED = "discarded", _("dibuang")

    kind = models.CharField(_("jenis data"), max_length=32, db_index=True)
    file = models.FileField(_("berkas"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    uploaded_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("diunggah oleh")
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    dry_run = models.BooleanField(_("uji coba"), default=True)
    confirms = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("uji coba asal")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    headers = models.JSONField(_("judul kolom"), default=list, blank=True)
    mapping = models.JSONField(_("pemetaan kolom"), default=dict, blank=True)
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    created_count = models.PositiveIntegerField(_("baru"), default=0)
    updated_count = models.PositiveIntegerField(_("diperbarui"), default=0)
    unchanged_count = models.PositiveIntegerField(_("tidak berubah"), default=0)
    rejected_count = models.PositiveIntegerField(_("ditolak"), default=0)
    duplicate_count = models.PositiveIntegerField(_("kemungkinan duplikat"), default=0)
    preview = models.JSONField(_("contoh baris"), default=list, blank=True)
    # The first records it updates, field by field old → new (spec.RowChange.as_json).
    changes = models.JSONField(_("perubahan data"), default=list, blank=True)
    # Non-empty: a "koreksi data" batch, allowed to correct the identity of
    # verified people, each change recorded with this reason (spec.ImportOptions).
    correction_reason = models.CharField(_("alasan koreksi data"), max_length=CORRECTION_REASON_LONGEST, blank=True)
    error = models.TextField(_("kesalahan berkas"), blank=True)
    # Runs started (the first and its retries), counted before the file is
    # read: a batch whose runs keep dying is not run again (ADR 0015).
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    # The run stopped without a word (its worker died): it may be run again.
    interrupted = models.BooleanField(_("terhenti"), default=False)

    class Meta:
        verbose_name = _("impor berkas")
        verbose_name_plural = _("impor berkas")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.DISCARDED)

    @property
    def options(self) -> ImportOptions:
        return ImportOptions(correction_reason=self.correction_reason)

    @property
    def accepted_count(self) -> int:
        return self.created_count + self.updated_count + self.unchanged_count


class RejectedRow(models.Model):
    """A row the import refused, as the file had it, with the reason: the clerk
    downloads these, fixes them and uploads only them again."""

    # Personal data (UU 27/2022): reads of these columns are logged (core.personal_data).
    personal_subject: ClassVar[str] = "import_rejected_row"
    personal_fields: ClassVar[tuple[str, ...]] = ("values",)

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rejected_rows")
    row_number = models.PositiveIntegerField(_("baris"))
    values = models.JSONField(_("isi baris"))
    reason = models.TextField(_("keterangan"))

    class Meta:
        verbose_name = _("baris ditolak")
        verbose_name_plural = _("baris ditolak")
        ordering = ["batch", "row_number"]
        indexes = [models.Index(fields=["batch", "row_number"])]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}"
