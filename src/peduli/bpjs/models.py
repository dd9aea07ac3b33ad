"""What BPJS Ketenagakerjaan tells the regency about its non-wage (BPU)
members. A `Member` is one person BPJS reported as an active member, whoever
pays for them (themselves, a Peduli sponsor, anyone); the months BPJS's lists
showed them active run from `first_month` to `last_month`. Where BPJS shares
only per-village counts, those are `MemberCount` rows. The coverage indicator
counts a person once whether Peduli pays for them, BPJS lists them, or both.
"""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Member(models.Model):
    """A non-wage member BPJS reported active, keyed by NIK (a person is a
    member once). Active in month M when first_month <= M <= last_month; a list
    for month M extends the span, so re-importing a list changes nothing and
    lists may arrive in any order."""

    # Personal data (UU 27/2022): reads of these columns are logged (core.personal_data).
    personal_subject: ClassVar[str] = "bpjs_member"
    personal_fields: ClassVar[tuple[str, ...]] = ("nik", "kpj", "name")

    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_constraint=False)
    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    kpj = models.CharField(_("nomor KPJ"), max_length=20, blank=True)
    name = models.CharField(_("nama"), max_length=150, blank=True)
    village = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("desa")
    )
    worker = models.ForeignKey(
        "workers.Worker",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bpjs_memberships",
        verbose_name=_("pekerja di Peduli"),
    )
    membership_start = models.DateField(_("mulai kepesertaan"), null=True, blank=True)
    first_month = models.DateField(_("aktif sejak bulan"))
    last_month = models.DateField(_("aktif sampai bulan"))
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("peserta BPU BPJS")
        verbose_name_plural = _("peserta BPU BPJS")
        indexes = [
            models.Index(fields=["regency", "first_month", "last_month"], name="member_active_idx"),
            models.Index(fields=["worker"], name="member_worker_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(first_month__lte=models.F("last_month")), name="member_span"),
        ]

    def __str__(self) -> str:
        return f"{self.nik} {self.name}".strip()


class MemberCount(models.Model):
    """Active non-wage members of one village in one month, where BPJS shares
    only counts. These people are not matched to anyone, so they add to the
    protected count as they are."""

    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_constraint=False)
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("desa"))
    month = models.DateField(_("bulan"))
    count = models.PositiveIntegerField(_("jumlah peserta"))
    source = models.CharField(_("sumber"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("jumlah peserta BPU per desa")
        verbose_name_plural = _("jumlah peserta BPU per desa")
        constraints = [models.UniqueConstraint(fields=["village", "month"], name="member_count_village_month")]

    def __str__(self) -> str:
        return f"{self.village} {self.month:%Y-%m}: {self.count}"


class RegistrationTemplate(models.Model):
    """The column layout of BPJS's bulk registration file. BPJS branches change
    it, so it is data an administrator edits: each edit saves a new version and
    the newest active one is used. `columns` is a list of
    {"header": <column title in the file>, "field": <registration field key>}."""

    version = models.PositiveIntegerField(_("versi"), unique=True)
    name = models.CharField(_("nama"), max_length=150)
    columns = models.JSONField(_("kolom"))
    active = models.BooleanField(_("aktif"), default=True)
    note = models.CharField(_("catatan perubahan"), max_length=255, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("templat berkas pendaftaran")
        verbose_name_plural = _("templat berkas pendaftaran")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class RegistrationBatch(models.Model):
    """One bulk registration file sent to BPJS. It remembers its workers
    (`RegistrationEntry`) so nobody is sent twice."""

    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_constraint=False)
    template = models.ForeignKey(RegistrationTemplate, on_delete=models.PROTECT, related_name="batches")
    worker_count = models.PositiveIntegerField(_("jumlah pekerja"), default=0)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("batch pendaftaran BPJS")
        verbose_name_plural = _("batch pendaftaran BPJS")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"Batch pendaftaran #{self.pk}"


class RegistrationEntry(models.Model):
    """One worker in a registration batch and what BPJS answered."""

    # Personal data (UU 27/2022): reads of these columns are logged (core.personal_data).
    personal_subject: ClassVar[str] = "bpjs_registration_entry"
    personal_fields: ClassVar[tuple[str, ...]] = ("kpj",)

    class Status(models.TextChoices):
        SENT = "sent", _("Dikirim")
        REGISTERED = "registered", _("Terdaftar")
        REJECTED = "rejected", _("Ditolak")

    batch = models.ForeignKey(RegistrationBatch, on_delete=models.CASCADE, related_name="entries")
    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="bpjs_registrations")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SENT)
    kpj = models.CharField(_("nomor KPJ"), max_length=20, blank=True)
    membership_start = models.DateField(_("mulai kepesertaan"), null=True, blank=True)
    rejection_reason = models.CharField(_("alasan penolakan"), max_length=255, blank=True)
    responded_at = models.DateTimeField(_("dijawab"), null=True, blank=True)

    class Meta:
        verbose_name = _("pekerja dalam batch pendaftaran")
        verbose_name_plural = _("pekerja dalam batch pendaftaran")
        constraints = [
            # A worker is in at most one batch that is not rejected: nobody is sent twice.
            models.UniqueConstraint(
                fields=["worker"], condition=~models.Q(status="rejected"), name="registration_worker_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch} {self.worker_id} {self.status}"


class Claim(models.Model):
    """A JKK (work accident) or JKM (death) claim BPJS handled for a member."""

    # Personal data (UU 27/2022): reads of these columns are logged (core.personal_data).
    personal_subject: ClassVar[str] = "bpjs_claim"
    personal_fields: ClassVar[tuple[str, ...]] = ("nik", "name", "kpj")

    class Kind(models.TextChoices):
        JKK = "jkk", _("JKK (kecelakaan kerja)")
        JKM = "jkm", _("JKM (kematian)")

    class Status(models.TextChoices):
        FILED = "filed", _("Diajukan")
        IN_PROCESS = "in_process", _("Diproses")
        PAID = "paid", _("Dibayar")
        REJECTED = "rejected", _("Ditolak")

    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_constraint=False)
    reference = models.CharField(_("nomor klaim"), max_length=40, unique=True)
    worker = models.ForeignKey(
        "workers.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="bpjs_claims"
    )
    nik = models.CharField(_("NIK"), max_length=16)
    name = models.CharField(_("nama"), max_length=150, blank=True)
    kpj = models.CharField(_("nomor KPJ"), max_length=20, blank=True)
    district = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("kecamatan")
    )
    funding_source = models.CharField(_("sumber iuran"), max_length=16, blank=True)
    kind = models.CharField(_("jenis"), max_length=3, choices=Kind.choices)
    incident_date = models.DateField(_("tanggal kejadian"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.FILED)
    amount_paid = models.BigIntegerField(_("manfaat dibayar (Rp)"), default=0)
    heirs_benefit = models.BigIntegerField(_("santunan ahli waris (Rp)"), default=0)
    scholarship_children = models.PositiveSmallIntegerField(_("anak penerima beasiswa"), default=0)
    paid_on = models.DateField(_("tanggal dibayar"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    recorded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("dicatat"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("klaim BPJS")
        verbose_name_plural = _("klaim BPJS")
        ordering = ["-incident_date", "-pk"]
        indexes = [models.Index(fields=["regency", "incident_date"], name="claim_regency_date_idx")]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display()}"
