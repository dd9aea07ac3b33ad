from datetime import date
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from peduli.core.identity import FEMALE, MALE

# BPJS Ketenagakerjaan takes non-wage (BPU) members from 15 to under 65.
MINIMUM_AGE = 15
MAXIMUM_AGE = 65
ELDERLY_AGE = 60


def age_on(birth_date: date, day: date) -> int:
    """Completed years on `day`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def years_before(day: date, years: int) -> date:
    """The same date `years` earlier (28 February for 29 February): whoever
    was born on or before it is at least `years` old on `day`."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class Occupation(models.Model):
    """An occupation of the maintained list (administrators add to it)."""

    code = models.CharField(_("kode"), max_length=32, unique=True)
    name = models.CharField(_("nama"), max_length=100, unique=True)
    aliases = models.CharField(
        _("nama lain"), max_length=300, blank=True, help_text=_("Dipisah koma; dipakai saat impor.")
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=100)

    class Meta:
        verbose_name = _("pekerjaan")
        verbose_name_plural = _("pekerjaan")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Worker(models.Model):
    """A vulnerable informal worker (pekerja rentan), identified by a 16-digit NIK.

    `district` and `regency` repeat what `village` implies: every large table
    carries the regency code (sharding) and lists filter by district without a
    join. `status` moves only through the services of `workers.services`, each
    move recorded as a StatusChange.
    """

    # Personal data (UU 27/2022): reads of these columns are logged (core.personal_data).
    personal_subject: ClassVar[str] = "worker"
    personal_fields: ClassVar[tuple[str, ...]] = ("nik", "name", "birth_date", "address", "phone", "kpj")

    class Sex(models.TextChoices):
        MALE = MALE, _("Laki-laki")
        FEMALE = FEMALE, _("Perempuan")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Terdaftar")
        VERIFIED = "verified", _("Terverifikasi")
        PROTECTED = "protected", _("Terlindungi")
        # Not protected this month: a premium is overdue and unpaid (ledger.coverage).
        ARREARS = "arrears", _("Menunggak")
        # Overdue three months in a row: BPJS made the membership inactive.
        LAPSED = "lapsed", _("Tidak aktif")
        ENDED = "ended", _("Berakhir")

    class EndReason(models.TextChoices):
        DIED = "died", _("Meninggal dunia")
        AGED_OUT = "aged_out", _("Mencapai usia 65 tahun")
        FORMAL_WORK = "formal_work", _("Pindah ke pekerjaan formal")
        MOVED_OUT = "moved_out", _("Pindah domisili ke luar daerah")
        DUPLICATE = "duplicate", _("Data ganda")

    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    name = models.CharField(_("nama lengkap"), max_length=150)
    name_key = models.CharField(_("kunci nama"), max_length=150, editable=False)
    # As on the identity card; BPJS's registration file asks for it.
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True, db_default="")
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    # Checked against the regions by every writer (the import's lookups, the
    # form through the same checks), not by the database at commit: 3.5 s of
    # a million-row import (ADR 0022). Django still refuses to delete a
    # village that has workers (PROTECT).
    village = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan domisili"),
        db_constraint=False,
    )  # fmt: skip
    # Derived from the village code by the same statement that writes the
    # village (whose code the writer checked), so the database need not check
    # them again on every row of a million-row import.
    district = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kecamatan"), db_constraint=False
    )
    regency = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kabupaten/kota"),
        db_constraint=False,
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    phone = models.CharField(_("nomor HP"), max_length=16, blank=True)
    # As the village: checked by the writers against the occupations (ADR 0022).
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="workers", verbose_name=_("pekerjaan"), db_constraint=False
    )
    in_social_register = models.BooleanField(_("terdaftar di DTKS/DTSEN"), default=False)
    has_disability = models.BooleanField(_("penyandang disabilitas"), default=False)
    woman_head_of_household = models.BooleanField(_("perempuan kepala keluarga"), default=False)
    kpj = models.CharField(_("nomor KPJ BPJS"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    status_since = models.DateField(_("status sejak"))
    end_reason = models.CharField(_("alasan berakhir"), max_length=16, choices=EndReason.choices, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("digabung ke")
    )
    returned_reason = models.TextField(
        _("alasan dikembalikan"), blank=True, help_text=_("Diisi verifikator; dikosongkan saat data diperbaiki.")
    )
    registered_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("didaftarkan oleh")
    )
    registered_at = models.DateTimeField(_("didaftarkan"))
    verified_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diverifikasi oleh"),
    )
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    # Provenance only; Django's collector clears it if a batch is deleted.
    import_batch = models.ForeignKey(
        "imports.ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("impor asal"),
        db_constraint=False,
    )

    # History is read by worker (`id`) and date, never by these columns, so
    # they carry no index: nine fewer B-trees to grow on every history row,
    # which is most of what an import of a million new workers writes.
    history = HistoricalRecords(
        excluded_fields=["name_key"],
        no_db_index=[
            "nik", "village", "district", "regency", "occupation", "merged_into", "registered_by", "verified_by",
            "import_batch",
        ],
    )  # fmt: skip

    class Meta:
        verbose_name = _("pekerja rentan")
        verbose_name_plural = _("pekerja rentan")
        ordering = ["name"]
        indexes = [
            # Probable-duplicate search: same birth date and village.
            models.Index(fields=["birth_date", "village"], name="worker_dedup_idx"),
            models.Index(fields=["district", "status"], name="worker_district_status_idx"),
            models.Index(fields=["regency", "status"], name="worker_regency_status_idx"),
            models.Index(fields=["name"], name="worker_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="ended") & ~Q(end_reason="")) | (~Q(status="ended") & Q(end_reason="")),
                name="worker_ended_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.nik})"

    def get_absolute_url(self) -> str:
        return reverse("workers:worker_detail", args=[self.pk])

    @property
    def age(self) -> int:
        return age_on(self.birth_date, timezone.localdate())

    @property
    def is_elderly(self) -> bool:
        return self.age >= ELDERLY_AGE

    @property
    def must_end_for_age(self) -> bool:
        """Reached 65 while still on the register: BPJS ends the membership."""
        return self.status != self.Status.ENDED and self.age >= MAXIMUM_AGE

    @property
    def address_line(self) -> str:
        """The address with RT/RW, unless the clerk already wrote them in it."""
        parts = [self.address]
        if "rt" not in self.address.lower():
            parts += [f"RT {self.rt}" if self.rt else "", f"RW {self.rw}" if self.rw else ""]
        return " ".join(part for part in parts if part)


class StatusChange(models.Model):
    """One move of a worker's status, with why and by whom (the audit of the workflow)."""

    # Written with (or after) its worker, in the same transaction; not checked
    # again by the database at commit — 3.5 s of a million-row import (ADR 0022).
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="status_changes", db_constraint=False)
    from_status = models.CharField(_("dari"), max_length=12, choices=Worker.Status.choices, blank=True)
    to_status = models.CharField(_("menjadi"), max_length=12, choices=Worker.Status.choices)
    effective_on = models.DateField(_("berlaku"))
    reason = models.CharField(_("alasan"), max_length=16, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    actor = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("oleh")
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("perubahan status")
        verbose_name_plural = _("perubahan status")
        ordering = ["worker", "at"]

    def __str__(self) -> str:
        return f"{self.worker_id}: {self.from_status} → {self.to_status}"


class DuplicateFlag(models.Model):
    """Two records that probably are one person (same birth date and village,
    similar name), waiting for an operator to merge or dismiss them."""

    class Status(models.TextChoices):
        OPEN = "open", _("perlu ditinjau")
        MERGED = "merged", _("digabung")
        DISMISSED = "dismissed", _("bukan duplikat")

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="duplicate_flags")
    candidate = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("ditandai"), auto_now_add=True)
    resolved_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(_("ditinjau"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("kemungkinan duplikat")
        verbose_name_plural = _("kemungkinan duplikat")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "candidate"], name="duplicate_flag_pair_once"),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} ~ {self.candidate_id}"
