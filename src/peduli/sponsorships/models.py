from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from peduli.core.months import YearMonth


class Sponsor(models.Model):
    """Who pays: a civil servant, a company's or a regional enterprise's CSR, a
    public fund, a village, a person.

    `credit` is money received and not yet allocated to any due; it always
    equals the sum of the sponsor's payments minus the sum of its allocations,
    and changes only inside the ledger's allocation statements.
    """

    # Personal data (UU 27/2022): reads of these columns are logged (core.personal_data).
    personal_subject: ClassVar[str] = "sponsor"
    personal_fields: ClassVar[tuple[str, ...]] = ("name", "phone", "email", "address")

    class Kind(models.TextChoices):
        CIVIL_SERVANT = "asn", _("ASN")
        COMPANY_CSR = "csr", _("CSR perusahaan")
        BUMD_CSR = "bumd", _("CSR BUMD")
        DBHCHT = "dbhcht", _("DBHCHT")
        APBD = "apbd", _("APBD")
        VILLAGE_FUND = "dana_desa", _("Dana desa")
        INDIVIDUAL = "perorangan", _("Perorangan")
        OTHER = "lainnya", _("Lainnya")

    code = models.CharField(
        _("kode donatur"), max_length=32, unique=True, help_text=_("NIP untuk ASN; kode singkat untuk lembaga.")
    )
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("nama"), max_length=200, db_index=True)
    civil_servant = models.OneToOneField(
        "agencies.CivilServant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sponsor",
        verbose_name=_("ASN"),
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sponsors",
        verbose_name=_("OPD"),
        help_text=_("OPD tempat ASN bertugas; diisi otomatis untuk ASN."),
    )
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_sponsors",
        verbose_name=_("akun mitra"),
        help_text=_("Pengguna mitra yang hanya melihat kepesertaan donatur ini."),
    )
    regency = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    contact_name = models.CharField(_("narahubung"), max_length=150, blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    credit = models.BigIntegerField(_("saldo titipan"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["credit"])

    class Meta:
        verbose_name = _("donatur")
        verbose_name_plural = _("donatur")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="asn", civil_servant__isnull=False, agency__isnull=False)
                | (~Q(kind="asn") & Q(civil_servant__isnull=True)),
                name="sponsor_civil_servant_iff_asn",
            ),
            models.CheckConstraint(condition=Q(credit__gte=0), name="sponsor_credit_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sponsorships:sponsor_detail", args=[self.pk])


class Sponsorship(models.Model):
    """A sponsor paying one worker's premium from `start_month` to `end_month`
    (the last month paid for, included; empty while it runs).

    A worker has at most one sponsorship in any month. The database enforces it
    (an exclusion constraint on PostgreSQL, triggers on SQLite: migration 0002),
    so two clerks confirming at once cannot both win.
    """

    class Programme(models.TextChoices):
        JKK_JKM = "jkk_jkm", _("JKK + JKM")
        JKK_JKM_JHT = "jkk_jkm_jht", _("JKK + JKM + JHT")

    class EndReason(models.TextChoices):
        WORKER_DIED = "pekerja_meninggal", _("Pekerja meninggal dunia")
        WORKER_AGED_OUT = "pekerja_65", _("Pekerja mencapai usia 65 tahun")
        FORMAL_WORK = "pekerja_formal", _("Pekerja pindah ke pekerjaan formal")
        SPONSOR_LEFT = "donatur_pensiun_pindah", _("Donatur pensiun atau pindah")
        SPONSOR_STOPPED = "donatur_berhenti", _("Donatur berhenti membiayai")

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="sponsorships")
    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="sponsorships")
    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_constraint=False)
    start_month = models.DateField(_("bulan mulai"))
    end_month = models.DateField(_("bulan terakhir"), null=True, blank=True)
    programme = models.CharField(_("program"), max_length=16, choices=Programme.choices, default=Programme.JKK_JKM)
    declared_income = models.PositiveIntegerField(_("penghasilan yang dilaporkan"), default=1_000_000)
    end_reason = models.CharField(_("alasan berakhir"), max_length=32, choices=EndReason.choices, blank=True)
    end_note = models.CharField(_("catatan berakhir"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the end was recorded: it may be taken back until that day is over.
    ended_at = models.DateTimeField(_("diakhiri pada"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kepesertaan")
        verbose_name_plural = _("kepesertaan")
        ordering = ["-start_month", "-pk"]
        indexes = [
            models.Index(fields=["worker", "start_month"]),
            models.Index(fields=["sponsor", "start_month"]),
            models.Index(fields=["start_month", "end_month"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(end_month__isnull=True) & Q(end_reason=""))
                | (Q(end_month__isnull=False) & ~Q(end_reason="") & Q(end_month__gte=models.F("start_month"))),
                name="sponsorship_end_has_reason",
            ),
            models.CheckConstraint(condition=Q(declared_income__gte=1), name="sponsorship_income_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.sponsor} → {self.worker}"

    def get_absolute_url(self) -> str:
        return reverse("sponsorships:sponsorship_detail", args=[self.pk])

    @property
    def start(self) -> YearMonth:
        return YearMonth.of(self.start_month)

    @property
    def end(self) -> YearMonth | None:
        return YearMonth.of(self.end_month) if self.end_month else None

    def runs_in(self, month: YearMonth) -> bool:
        return self.start <= month and (self.end is None or month <= self.end)
