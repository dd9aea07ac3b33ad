"""The monthly contribution ledger: what is owed (Due), what came in (Payment),
which money paid which month (Allocation), and what went on to BPJS
(Remittance). Amounts are integer rupiah. Payments and allocations are never
edited: a wrong payment is cancelled by a reversal row, a released allocation by
a negative one. `Due.paid_amount` and `Sponsor.credit` are balances kept equal
to the sum of their entries by the allocation statements.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peduli.core.months import YearMonth


class RateSchedule(models.Model):
    """The BPJS Ketenagakerjaan premium for non-wage members from a month on."""

    effective_from = models.DateField(_("berlaku mulai bulan"), unique=True)
    jkk_rate_bp = models.PositiveIntegerField(_("tarif JKK (basis poin)"), help_text=_("100 = 1% penghasilan."))
    jkm_amount = models.PositiveIntegerField(_("iuran JKM (Rp)"))
    jht_rate_bp = models.PositiveIntegerField(_("tarif JHT (basis poin)"), help_text=_("200 = 2% penghasilan."))
    minimum_income = models.PositiveIntegerField(_("penghasilan terendah (Rp)"))
    legal_basis = models.CharField(_("dasar hukum"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("tarif iuran")
        verbose_name_plural = _("tarif iuran")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{YearMonth.of(self.effective_from).label}: JKK {self.jkk_rate_bp / 100}% + JKM {self.jkm_amount}"

    def premium(self, *, programme: str, declared_income: int) -> int:
        """The monthly premium in rupiah (integer division, as BPJS rounds down)."""
        amount = declared_income * self.jkk_rate_bp // 10_000 + self.jkm_amount
        if programme == "jkk_jkm_jht":
            amount += declared_income * self.jht_rate_bp // 10_000
        return amount


class Remittance(models.Model):
    """One month's paid dues handed over to BPJS Ketenagakerjaan."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Disiapkan")
        CONFIRMED = "confirmed", _("Dikonfirmasi BPJS")

    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("bulan iuran"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    due_count = models.PositiveIntegerField(_("jumlah iuran"), default=0)
    total_amount = models.BigIntegerField(_("jumlah (Rp)"), default=0)
    bpjs_reference = models.CharField(_("nomor bukti BPJS"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("dikonfirmasi"), null=True, blank=True)

    class Meta:
        verbose_name = _("setoran ke BPJS")
        verbose_name_plural = _("setoran ke BPJS")
        ordering = ["-month", "-pk"]

    def __str__(self) -> str:
        return f"Setoran #{self.pk} {YearMonth.of(self.month).label}"

    def get_absolute_url(self) -> str:
        return reverse("ledger:remittance_detail", args=[self.pk])


class Due(models.Model):
    """One worker-month's premium owed under a sponsorship (iuran bulanan).

    The worker-month is covered when the due is paid in full. A due of a month
    after its sponsorship ended is `cancelled` and holds no money.
    """

    sponsorship = models.ForeignKey("sponsorships.Sponsorship", on_delete=models.PROTECT, related_name="dues")
    sponsor = models.ForeignKey("sponsorships.Sponsor", on_delete=models.PROTECT, related_name="dues")
    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="dues")
    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_constraint=False)
    month = models.DateField(_("bulan"))
    amount = models.PositiveIntegerField(_("iuran (Rp)"))
    paid_amount = models.PositiveIntegerField(_("terbayar (Rp)"), default=0)
    cancelled = models.BooleanField(_("dibatalkan"), default=False)
    remittance = models.ForeignKey(
        Remittance, null=True, blank=True, on_delete=models.PROTECT, related_name="dues", verbose_name=_("setoran")
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("iuran bulanan")
        verbose_name_plural = _("iuran bulanan")
        ordering = ["month", "pk"]
        indexes = [
            models.Index(fields=["sponsor", "month"]),
            models.Index(fields=["month", "regency"]),
            models.Index(fields=["worker", "month"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["sponsorship", "month"], name="due_one_per_sponsorship_month"),
            # A worker-month is paid for by one sponsorship at most.
            models.UniqueConstraint(
                fields=["worker", "month"], condition=Q(cancelled=False), name="due_one_per_worker_month"
            ),
            # No due is ever over-allocated, whatever the code above it does.
            models.CheckConstraint(condition=Q(paid_amount__lte=F("amount")), name="due_not_over_allocated"),
            models.CheckConstraint(condition=Q(cancelled=False) | Q(paid_amount=0), name="due_cancelled_is_empty"),
        ]

    def __str__(self) -> str:
        return f"{YearMonth.of(self.month)} {self.worker_id}: {self.paid_amount}/{self.amount}"

    @property
    def is_paid(self) -> bool:
        return not self.cancelled and self.paid_amount >= self.amount

    @property
    def outstanding(self) -> int:
        return 0 if self.cancelled else self.amount - self.paid_amount


class Payment(models.Model):
    """Money received from a sponsor. A reversal is a second row with the
    opposite amount pointing at the row it cancels."""

    class Method(models.TextChoices):
        TRANSFER = "transfer", _("Transfer bank")
        CASH = "tunai", _("Tunai")
        PAYROLL = "potong_gaji", _("Potong gaji (bendahara OPD)")
        BANK_STATEMENT = "rekening_koran", _("Rekening koran")
        CSR_LUMP_SUM = "csr", _("Dana CSR sekaligus")
        REVERSAL = "pembatalan", _("Pembatalan")

    sponsor = models.ForeignKey("sponsorships.Sponsor", on_delete=models.PROTECT, related_name="payments")
    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_constraint=False)
    amount = models.BigIntegerField(_("jumlah (Rp)"))
    received_on = models.DateField(_("tanggal diterima"))
    method = models.CharField(_("cara bayar"), max_length=16, choices=Method.choices)
    source = models.CharField(
        _("sumber"), max_length=64, help_text=_("Asal bukti (bank, bendahara OPD); nomor bukti unik per sumber.")
    )
    reference = models.CharField(_("nomor bukti"), max_length=64)
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal", verbose_name=_("membatalkan")
    )
    import_batch = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("pembayaran")
        verbose_name_plural = _("pembayaran")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["sponsor", "received_on"])]
        constraints = [
            models.UniqueConstraint(fields=["source", "reference"], name="payment_reference_unique_per_source"),
            models.CheckConstraint(
                condition=Q(reverses__isnull=True, amount__gt=0) | Q(reverses__isnull=False, amount__lt=0),
                name="payment_sign_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.amount})"

    def get_absolute_url(self) -> str:
        return reverse("ledger:payment_detail", args=[self.pk])


class Allocation(models.Model):
    """Part of a payment applied to a due. Negative when a reversal or the end
    of a sponsorship gives money back."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    due = models.ForeignKey(Due, on_delete=models.PROTECT, related_name="allocations")
    amount = models.BigIntegerField(_("jumlah (Rp)"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("alokasi")
        verbose_name_plural = _("alokasi")
        indexes = [models.Index(fields=["payment"]), models.Index(fields=["due"])]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="allocation_not_zero")]

    def __str__(self) -> str:
        return f"{self.payment_id} → {self.due_id}: {self.amount}"
