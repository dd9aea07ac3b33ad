from datetime import date
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from peduli.core.identity import FEMALE, MALE, PNS, PPPK


class Agency(models.Model):
    """A regional government body (Perangkat Daerah, OPD).

    `code` is stable for the agency's whole life; its name can change, and each
    name is kept with the period it was used in (AgencyName), so a report for a
    past month prints the name of that month. `name` is the current name, kept
    in step by `agency_rename` because every list sorts and searches by it.
    """

    class Kind(models.TextChoices):
        SECRETARIAT = "sekretariat", _("Sekretariat / Bagian")
        INSPECTORATE = "inspektorat", _("Inspektorat")
        OFFICE = "dinas", _("Dinas")
        BOARD = "badan", _("Badan")
        DISTRICT_OFFICE = "kecamatan", _("Kantor Kecamatan")
        HOSPITAL = "rsud", _("RSUD")
        UNIT = "satuan", _("Satuan / Kantor lain")

    # Unique within its regency (Batang has a DINKES of its own beside Kendal's).
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    regency = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    district = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name=_("kecamatan"),
        help_text=_("Wajib untuk kantor kecamatan."),
    )
    valid_from = models.DateField(_("berlaku sejak"))
    valid_until = models.DateField(
        _("berlaku sampai"), null=True, blank=True, help_text=_("Diisi bila OPD dibubarkan atau dilebur.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["regency", "code"], name="agency_code_unique_per_regency"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="agency_valid_period",
            ),
            models.CheckConstraint(
                condition=~Q(kind="kecamatan") | Q(district__isnull=False),
                name="agency_district_office_has_district",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("agencies:agency_detail", args=[self.pk])

    def is_active_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class AgencyName(models.Model):
    """One name an agency carried, with the period it carried it."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="names", verbose_name=_("OPD"))
    name = models.CharField(_("nama"), max_length=200)
    valid_from = models.DateField(_("berlaku sejak"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        verbose_name = _("nama OPD")
        verbose_name_plural = _("riwayat nama OPD")
        ordering = ["agency", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency"], condition=Q(valid_until__isnull=True), name="agency_one_current_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CivilServant(models.Model):
    """A civil servant (ASN) of the instance, identified by an 18-digit NIP.

    Active means in service today: `service_start` ≤ today and no
    `service_end` yet, or one in the future. Counting by month uses the same two
    dates, so June and August 2025 can differ.
    """

    # Personal data (UU 27/2022): reads of these columns are logged (core.personal_data).
    personal_subject: ClassVar[str] = "civil_servant"
    personal_fields: ClassVar[tuple[str, ...]] = ("nip", "name", "birth_date", "phone", "email")

    class Sex(models.TextChoices):
        MALE = MALE, _("Laki-laki")
        FEMALE = FEMALE, _("Perempuan")

    class EmploymentType(models.TextChoices):
        PNS = PNS, _("PNS")
        PPPK = PPPK, _("PPPK")

    class EndReason(models.TextChoices):
        RETIRED = "pensiun", _("Pensiun")
        TRANSFERRED = "pindah", _("Pindah ke luar daerah")
        DIED = "meninggal", _("Meninggal dunia")
        RESIGNED = "berhenti", _("Berhenti / diberhentikan")
        CONTRACT_ENDED = "kontrak_selesai", _("Masa perjanjian kerja PPPK selesai")

    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    name = models.CharField(_("nama"), max_length=150, db_index=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    employment_type = models.CharField(_("jenis kepegawaian"), max_length=4, choices=EmploymentType.choices)
    regency = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="civil_servants", verbose_name=_("OPD"))
    unit = models.CharField(_("unit kerja"), max_length=200, blank=True)
    rank = models.CharField(_("golongan"), max_length=8, blank=True)
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    home_village = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("desa tempat tinggal"),
    )
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    # Where the activation code can go by e-mail (`users.onboarding`).
    email = models.EmailField(_("alamat e-mail"), blank=True)
    service_start = models.DateField(_("mulai bertugas"))
    service_end = models.DateField(
        _("TMT berhenti"), null=True, blank=True, help_text=_("Tanggal pertama tidak lagi bertugas.")
    )
    end_reason = models.CharField(_("alasan selesai"), max_length=20, choices=EndReason.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ASN")
        verbose_name_plural = _("ASN")
        ordering = ["name"]
        indexes = [models.Index(fields=["agency", "name"]), models.Index(fields=["regency", "service_end"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(service_end__isnull=True) & Q(end_reason=""))
                | (Q(service_end__isnull=False) & ~Q(end_reason="")),
                name="civil_servant_end_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"

    def get_absolute_url(self) -> str:
        return reverse("agencies:civil_servant_detail", args=[self.pk])

    def is_active_on(self, day: date) -> bool:
        return self.service_start <= day and (self.service_end is None or day < self.service_end)

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())
