"""What-if scenarios: a starting point of the regency in one month and the
assumptions the projection (`planner.projection`) carries to 2045."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from peduli.core.months import YearMonth
from peduli.planner import projection


class Scenario(models.Model):
    class Growth(models.TextChoices):
        PER_MONTH = projection.PER_MONTH, _("Tambahan ASN donatur per bulan")
        PCT_PER_YEAR = projection.PCT_PER_YEAR, _("Persen seluruh ASN per tahun")

    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("nama skenario"), max_length=120)
    description = models.TextField(_("keterangan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    start_month = models.DateField(_("bulan awal"))

    # The starting point.
    informal_workers = models.PositiveIntegerField(_("pekerja informal"))
    protected_workers = models.PositiveIntegerField(_("pekerja terlindungi"))
    civil_servants = models.PositiveIntegerField(_("jumlah ASN"))
    sponsoring_civil_servants = models.PositiveIntegerField(_("ASN donatur"))
    workers_by_civil_servants = models.PositiveIntegerField(_("pekerja dibiayai ASN"))

    # The assumptions.
    civil_servant_growth = models.CharField(
        _("cara pertumbuhan ASN donatur"), max_length=16, choices=Growth.choices, default=Growth.PER_MONTH
    )
    new_sponsors_per_month = models.PositiveIntegerField(_("ASN donatur baru per bulan"), default=0)
    sponsors_pct_per_year = models.DecimalField(
        _("ASN donatur baru per tahun (% seluruh ASN)"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    workers_per_sponsor = models.DecimalField(
        _("pekerja per ASN donatur baru"), max_digits=5, decimal_places=2, default=Decimal(1)
    )
    csr_per_year = models.PositiveBigIntegerField(_("anggaran CSR perusahaan (Rp/tahun)"), default=0)
    bumd_per_year = models.PositiveBigIntegerField(_("anggaran CSR BUMD (Rp/tahun)"), default=0)
    dbhcht_per_year = models.PositiveBigIntegerField(_("anggaran DBHCHT (Rp/tahun)"), default=0)
    apbd_per_year = models.PositiveBigIntegerField(_("anggaran APBD (Rp/tahun)"), default=0)
    self_paying_growth_pct = models.DecimalField(
        _("pertumbuhan peserta mandiri (%/tahun)"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    informal_growth_pct = models.DecimalField(
        _("pertumbuhan pekerja informal (%/tahun)"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    lapse_pct_per_month = models.DecimalField(
        _("peserta berhenti (%/bulan)"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    enrolment_capacity_per_month = models.PositiveIntegerField(
        _("kapasitas pendaftaran (pekerja baru/bulan)"),
        default=projection.FALLBACK_ENROLMENT_CAPACITY,
        help_text=_("Pekerja baru yang dibiayai anggaran yang dapat dijangkau dan didaftarkan dalam sebulan."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("skenario")
        verbose_name_plural = _("skenario")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(workers_by_civil_servants__lte=F("protected_workers")), name="scenario_servants_in_total"
            ),
            models.CheckConstraint(
                condition=Q(sponsoring_civil_servants__lte=F("civil_servants")), name="scenario_sponsors_in_servants"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("planner:scenario_detail", args=[self.pk])

    @property
    def start(self) -> YearMonth:
        return YearMonth.of(self.start_month)

    def start_point(self) -> projection.StartPoint:
        return projection.StartPoint(
            month=self.start,
            informal_workers=self.informal_workers,
            protected_workers=self.protected_workers,
            civil_servants=self.civil_servants,
            sponsoring_civil_servants=self.sponsoring_civil_servants,
            workers_by_civil_servants=self.workers_by_civil_servants,
        )

    def assumptions(self) -> projection.Assumptions:
        return projection.Assumptions(
            civil_servant_growth=self.civil_servant_growth,
            new_sponsors_per_month=self.new_sponsors_per_month,
            sponsors_pct_per_year=Decimal(self.sponsors_pct_per_year),
            workers_per_sponsor=Decimal(self.workers_per_sponsor),
            csr_per_year=self.csr_per_year,
            bumd_per_year=self.bumd_per_year,
            dbhcht_per_year=self.dbhcht_per_year,
            apbd_per_year=self.apbd_per_year,
            self_paying_growth_pct=Decimal(self.self_paying_growth_pct),
            informal_growth_pct=Decimal(self.informal_growth_pct),
            lapse_pct_per_month=Decimal(self.lapse_pct_per_month),
            enrolment_capacity_per_month=self.enrolment_capacity_per_month,
        )
