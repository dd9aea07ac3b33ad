"""Reporting: the denominators and goals the regency steers by (informal-worker
baselines, targets), the monthly snapshot tables every indicator is read from,
and the agencies' attested monthly reports.

Snapshots are derived data: `reporting.snapshots` rebuilds a regency's months
set-based whenever services say the data under them changed, so no page scans
the ledger.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from peduli.ledger import protection


class InformalWorkerBaseline(models.Model):
    """The number of informal workers of one district (or the whole regency when
    `district` is empty) in one year, as published by BPS or another source: the
    coverage denominator. A regency's figure is the sum of its districts' when
    those are entered, else its own row."""

    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("kecamatan")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    informal_workers = models.PositiveIntegerField(_("jumlah pekerja informal"))
    source = models.CharField(_("sumber data"), max_length=255)
    stated_share_pct = models.DecimalField(
        _("persentase tertulis di sumber"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Hanya dicatat untuk pemeriksaan; persentase selalu dihitung Peduli."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jumlah pekerja informal")
        verbose_name_plural = _("jumlah pekerja informal")
        ordering = ["year", "district__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["regency", "district", "year"], name="baseline_district_year", nulls_distinct=False
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district or self.regency} {self.year}: {self.informal_workers}"


class Target(models.Model):
    """A coverage goal of the regency for a year, with the plan that sets it
    (RPJMD, RPJPD). Between targets the trajectory is interpolated linearly."""

    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    coverage_pct = models.DecimalField(_("target cakupan (%)"), max_digits=5, decimal_places=2)
    legal_source = models.CharField(_("dasar hukum"), max_length=255)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target cakupan")
        verbose_name_plural = _("target cakupan")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["regency", "year"], name="target_regency_year"),
            models.CheckConstraint(
                condition=Q(coverage_pct__gte=0) & Q(coverage_pct__lte=100), name="target_pct_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.coverage_pct}%"


class CoverageCounts(models.Model):
    """What a snapshot row counts: protected workers, those new, lapsed and
    ended in the month, and the month's money."""

    regency = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    month = models.DateField()
    source = models.CharField(max_length=16)
    protected = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    lapsed = models.PositiveIntegerField(default=0)
    ended = models.PositiveIntegerField(default=0)
    dues_amount = models.BigIntegerField(default=0)
    paid_amount = models.BigIntegerField(default=0)
    remitted_amount = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class CoverageFact(CoverageCounts):
    """One month of one regency, grouped by village, sponsoring agency and
    funding source. A protected person has exactly one row per month (the
    sponsor's kind when Peduli pays, else `mandiri` from BPJS's list, or
    `mandiri_agregat` from BPJS's per-village counts), so every count adds up
    across villages, agencies and sources. Money columns are the month's dues.
    """

    SELF_PAYING = protection.SELF_PAYING
    SELF_PAYING_COUNTED = protection.SELF_PAYING_COUNTED

    village = models.ForeignKey(
        "regions.Region", null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    agency = models.ForeignKey(
        "agencies.Agency", null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )

    class Meta:
        indexes = [models.Index(fields=["regency", "month"], name="coverage_fact_month_idx")]
        # One row per key: two refreshes of a month side by side (the lock
        # now prevents it) would fail here instead of counting twice. NULLs
        # (no village, no agency) are one key each, as GROUP BY makes them:
        # an index on COALESCE, which both databases (and PostgreSQL before
        # 15, unlike NULLS NOT DISTINCT) enforce.
        constraints = [
            models.UniqueConstraint(
                F("regency"), F("month"), Coalesce(F("village"), Value("")),
                Coalesce(F("agency"), Value(0), output_field=models.BigIntegerField()), F("source"),
                name="coverage_fact_key",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.village_id} {self.agency_id} {self.source}: {self.protected}"


class CoverageSummary(CoverageCounts):
    """The month's `CoverageFact` rows summed per district and funding source,
    rebuilt with them: the regency's and the districts' figures, trend and
    ranking read a few hundred rows a month here instead of one per village,
    agency and source."""

    district = models.ForeignKey(
        "regions.Region", null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )

    class Meta:
        indexes = [models.Index(fields=["regency", "month"], name="coverage_summary_month_idx")]
        constraints = [
            models.UniqueConstraint(
                F("regency"),
                F("month"),
                Coalesce(F("district"), Value("")),
                F("source"),
                name="coverage_summary_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.district_id} {self.source}: {self.protected}"


class CivilServantFact(models.Model):
    """One month of one agency's civil servants: how many were in service on
    the first of the month, how many sponsored a covered worker, and how many
    workers they covered."""

    regency = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    month = models.DateField()
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    civil_servants = models.PositiveIntegerField(default=0)
    sponsoring = models.PositiveIntegerField(default=0)
    workers_covered = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["regency", "month"], name="cs_fact_month_idx")]
        constraints = [models.UniqueConstraint(fields=["regency", "month", "agency"], name="cs_fact_key")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.agency_id}: {self.workers_covered}/{self.civil_servants}"


class SnapshotState(models.Model):
    """When a regency's snapshots were last rebuilt."""

    regency = models.OneToOneField("regions.Region", on_delete=models.CASCADE, related_name="+")
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.regency_id}: {self.refreshed_at}"


class MonthlyReport(models.Model):
    """An agency's (or district office's) attested progress for one month:
    Peduli pre-fills the figures, the operator adds remarks and submits, the
    labour office accepts (which locks it) or returns it with a note."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Dikirim")
        RETURNED = "returned", _("Dikembalikan")
        ACCEPTED = "accepted", _("Diterima")

    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="monthly_reports")
    month = models.DateField(_("bulan"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    figures = models.JSONField(_("angka"), default=dict, help_text=_("Indikator saat laporan dikirim."))
    remarks = models.TextField(_("keterangan"), blank=True)
    deadline = models.DateField(_("batas waktu"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("ditinjau"), null=True, blank=True)
    review_note = models.TextField(_("catatan peninjau"), blank=True)
    history = HistoricalRecords(excluded_fields=["figures"])

    class Meta:
        verbose_name = _("laporan bulanan")
        verbose_name_plural = _("laporan bulanan")
        ordering = ["-month", "agency__code"]
        constraints = [models.UniqueConstraint(fields=["agency", "month"], name="monthly_report_agency_month")]

    def __str__(self) -> str:
        return f"{self.agency} {self.month:%Y-%m}"
