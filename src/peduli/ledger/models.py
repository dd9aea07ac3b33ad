"""The monthly contribution ledger: what is owed (Due), what came in (Payment),
which money paid which month (Allocation), and what went on to BPJS
(Remittance). Amounts are integer rupiah. Payments and allocations are never
edited: a wrong payment is cancelled by a reversal row, a released allocation by
a negative one. `Due.paid_amount` and `Sponsor.credit` are balances kept equal
to the sum of their entries by the allocation statements.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from peduli.core.months import YearMonth

BASIS_POINTS = 10_000  # of a declared income: 100 basis points are 1%
PROGRAMME_WITH_JHT = "jkk_jkm_jht"  # Sponsorship.Programme.JKK_JKM_JHT: the programme with old-age savings


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

    def premium_terms(self) -> tuple[tuple[int, str | None], ...]:
        """The premium's one definition: the shares of declared income (basis
        points) and the programme each is owed for (None: every programme);
        the JKM amount is added to them. `premium` and `premium_sql` both
        read it, so the Python and the SQL premium cannot drift apart."""
        return ((self.jkk_rate_bp, None), (self.jht_rate_bp, PROGRAMME_WITH_JHT))

    def premium(self, *, programme: str, declared_income: int) -> int:
        """The monthly premium in rupiah (integer division, as BPJS rounds down)."""
        shares = sum(
            declared_income * basis_points // BASIS_POINTS
            for basis_points, only in self.premium_terms()
            if only is None or only == programme
        )
        return shares + self.jkm_amount

    def premium_sql(self, *, income: str, programme: str) -> tuple[str, list[int | str]]:
        """`premium` as an SQL expression over the columns `income` and
        `programme` (both databases: integer division of non-negative
        integers rounds down there too), and its parameters."""
        parts: list[str] = []
        params: list[int | str] = []
        for basis_points, only in self.premium_terms():
            share = f"CAST({income} AS BIGINT) * %s / {BASIS_POINTS}"
            if only is None:
                parts.append(share)
                params.append(basis_points)
            else:
                parts.append(f"CASE WHEN {programme} = %s THEN {share} ELSE 0 END")
                params.extend([only, basis_points])
        return " + ".join([*parts, "%s"]), [*params, self.jkm_amount]


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


# Reconciliation with BPJS (ledger.reconciliation) -------------------------------


class RemittanceStatement(models.Model):
    """What BPJS billed and confirmed for a remittance, as one imported file.
    A corrected file becomes a new statement; only the current one counts."""

    remittance = models.ForeignKey(
        Remittance, on_delete=models.PROTECT, related_name="statements", verbose_name=_("setoran")
    )
    file_name = models.CharField(_("nama berkas"), max_length=255)
    # SHA-256 of the sorted lines as read: the same lines, in any order or
    # file format, are the same statement (re-importing changes nothing).
    fingerprint = models.CharField(_("sidik isi"), max_length=64)
    is_current = models.BooleanField(_("berkas terbaru"), default=True)
    line_count = models.PositiveIntegerField(_("jumlah baris"), default=0)
    billed_amount = models.BigIntegerField(_("ditagih BPJS (Rp)"), default=0)
    confirmed_amount = models.BigIntegerField(_("dikonfirmasi BPJS (Rp)"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("diimpor oleh"),
    )  # fmt: skip
    imported_at = models.DateTimeField(_("diimpor"), auto_now_add=True)

    class Meta:
        verbose_name = _("berkas tagihan BPJS")
        verbose_name_plural = _("berkas tagihan BPJS")
        ordering = ["-imported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["remittance"], condition=Q(is_current=True), name="statement_one_current_per_remittance"
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.remittance_id})"


class StatementLine(models.Model):
    """One worker-month BPJS billed, and whether (and how much) it confirmed.
    `worker` is the worker found by the NIK, else by the KPJ; null when neither is known here."""

    # Personal data (UU 27/2022): reads of these columns are logged (core.personal_data).
    personal_subject: ClassVar[str] = "bpjs_statement_line"
    personal_fields: ClassVar[tuple[str, ...]] = ("nik", "kpj")

    statement = models.ForeignKey(RemittanceStatement, on_delete=models.CASCADE, related_name="lines")
    row_number = models.PositiveIntegerField(_("baris"))
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    kpj = models.CharField(_("nomor KPJ"), max_length=20, blank=True)
    worker = models.ForeignKey(
        "workers.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    month = models.DateField(_("bulan"))
    billed_amount = models.PositiveIntegerField(_("ditagih (Rp)"))
    confirmed = models.BooleanField(_("dikonfirmasi"), default=False)
    confirmed_amount = models.PositiveIntegerField(_("dikonfirmasi (Rp)"), default=0)

    class Meta:
        verbose_name = _("baris tagihan BPJS")
        verbose_name_plural = _("baris tagihan BPJS")
        ordering = ["statement", "row_number"]
        indexes = [models.Index(fields=["statement", "worker", "month"])]

    def __str__(self) -> str:
        return f"{self.statement_id}:{self.row_number}"


class ReconciliationDifference(models.Model):
    """A worker-month where the remittance and BPJS's statement disagree,
    until the labour office resolves it with a note."""

    # Personal data (UU 27/2022): reads of these columns are logged (core.personal_data).
    personal_subject: ClassVar[str] = "reconciliation_difference"
    personal_fields: ClassVar[tuple[str, ...]] = ("nik", "kpj")

    class Kind(models.TextChoices):
        NOT_CONFIRMED = "not_confirmed", _("Disetor, tidak dikonfirmasi BPJS")
        NOT_OWED = "not_owed", _("Ditagih BPJS, tidak ada di setoran")
        AMOUNT = "amount", _("Jumlah berbeda")

    remittance = models.ForeignKey(
        Remittance, on_delete=models.PROTECT, related_name="differences", verbose_name=_("setoran")
    )
    statement = models.ForeignKey(RemittanceStatement, on_delete=models.PROTECT, related_name="differences")
    kind = models.CharField(_("jenis selisih"), max_length=16, choices=Kind.choices)
    worker = models.ForeignKey(
        "workers.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_constraint=False,
        verbose_name=_("pekerja"),
    )  # fmt: skip
    due = models.ForeignKey(Due, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    kpj = models.CharField(_("nomor KPJ"), max_length=20, blank=True)
    month = models.DateField(_("bulan"))
    our_amount = models.PositiveIntegerField(_("disetor (Rp)"), default=0)
    billed_amount = models.PositiveIntegerField(_("ditagih BPJS (Rp)"), default=0)
    confirmed_amount = models.PositiveIntegerField(_("dikonfirmasi BPJS (Rp)"), default=0)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("diselesaikan oleh"),
    )  # fmt: skip
    resolved_at = models.DateTimeField(_("diselesaikan"), null=True, blank=True)
    resolution_note = models.TextField(_("catatan penyelesaian"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("selisih rekonsiliasi")
        verbose_name_plural = _("selisih rekonsiliasi")
        ordering = ["kind", "nik", "kpj", "month", "pk"]
        indexes = [models.Index(fields=["statement", "kind"]), models.Index(fields=["remittance", "resolved_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | ~Q(resolution_note=""), name="difference_resolved_has_note"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.nik or self.kpj} {YearMonth.of(self.month)}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class DayOff(models.Model):
    """A day off the `holidays` package does not know: a cuti bersama decided
    late, or a regency's own decision. With no regency it holds everywhere.
    Premium due dates and report deadlines move past it (ledger.calendar)."""

    regency = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("kabupaten/kota"), help_text=_("Kosong: berlaku di semua daerah."),
    )  # fmt: skip
    day = models.DateField(_("tanggal"))
    name = models.CharField(_("keterangan"), max_length=150)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hari libur tambahan")
        verbose_name_plural = _("hari libur tambahan")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["regency", "day"], name="day_off_one_per_regency_day"),
            models.UniqueConstraint(fields=["day"], condition=Q(regency__isnull=True), name="day_off_one_national_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"
