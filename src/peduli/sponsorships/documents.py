"""The civil servant's documents: a receipt (kuitansi) for one payment and a
certificate of appreciation (piagam penghargaan) for what they paid. Both read
through the scoped ledger selectors, so a civil servant can only ever print
their own."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.core.pdf import pdf_bytes
from peduli.ledger.models import Payment
from peduli.ledger.selectors import due_queryset_for
from peduli.sponsorships.matching import masked_nik
from peduli.sponsorships.models import Sponsor

_ONES = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas")
# Each scale with its word; "se-" replaces "satu" before ratus and ribu only.
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (1000, "ribu"), (100, "ratus"))


def number_in_words(number: int) -> str:
    """An integer in Indonesian words: 16800 → 'enam belas ribu delapan ratus'."""
    if number < 0:
        return f"minus {number_in_words(-number)}"
    if number == 0:
        return "nol"
    if number < 12:
        return _ONES[number]
    if number < 20:
        return f"{_ONES[number - 10]} belas"
    if number < 100:
        tens, rest = divmod(number, 10)
        return f"{_ONES[tens]} puluh {_ONES[rest]}".strip()
    for scale, word in _SCALES:
        if number >= scale:
            count, rest = divmod(number, scale)
            head = f"se{word}" if count == 1 and scale in (100, 1000) else f"{number_in_words(count)} {word}"
            return f"{head} {number_in_words(rest)}" if rest else head
    raise AssertionError("unreachable")  # every number ≥ 100 meets a scale


def rupiah_in_words(amount: int) -> str:
    """'enam belas ribu delapan ratus rupiah', as a receipt spells its amount."""
    return f"{number_in_words(amount)} rupiah"


def receipt_number(payment: Payment) -> str:
    return f"KW-{payment.received_on:%Y}-{payment.pk:07d}"


def leader_title(regency_name: str) -> str:
    """Who signs for the regency: 'Kabupaten Kendal' → 'Bupati Kendal',
    'Kota Semarang' → 'Wali Kota Semarang'."""
    for prefix, title in (("Kabupaten ", "Bupati "), ("Kota ", "Wali Kota ")):
        if regency_name.startswith(prefix):
            return title + regency_name.removeprefix(prefix)
    return f"Kepala Daerah {regency_name}"


@dataclass(frozen=True)
class ReceiptLine:
    worker: str
    nik: str
    month: YearMonth
    amount: int


def receipt_pdf(user: User | AnonymousUser, payment: Payment) -> bytes:
    """The receipt of `payment` (already fetched through `payment_get_for`):
    which worker-months it paid, net of anything later given back."""
    rows = (
        due_queryset_for(user)
        .filter(allocations__payment=payment)
        .values("worker__name", "month")
        .annotate(nik=masked_nik("worker__nik"), paid=Sum("allocations__amount"))
        .filter(paid__gt=0)
        .order_by("month", "worker__name")
    )
    lines = [ReceiptLine(r["worker__name"], r["nik"], YearMonth.of(r["month"]), r["paid"]) for r in rows]
    allocated = sum(line.amount for line in lines)
    context = {
        "payment": payment,
        "number": receipt_number(payment),
        "sponsor": payment.sponsor,
        "amount_in_words": rupiah_in_words(payment.amount),
        "lines": lines,
        "credit_left": payment.amount - allocated,
        "reversed": hasattr(payment, "reversal"),
    }
    return pdf_bytes("me/pdf/receipt.html", context)


@dataclass(frozen=True)
class Contribution:
    """What a sponsor has paid for: workers and worker-months fully paid."""

    workers: int
    months: int
    first: YearMonth | None


def contribution_of(user: User | AnonymousUser, sponsor: Sponsor) -> Contribution:
    paid = due_queryset_for(user).filter(sponsor=sponsor, cancelled=False, paid_amount=F("amount"))
    totals = paid.aggregate(workers=Count("worker", distinct=True), months=Count("pk"))
    first = paid.order_by("month").values_list("month", flat=True).first()
    return Contribution(
        workers=totals["workers"], months=totals["months"], first=YearMonth.of(first) if first else None
    )


def piagam_pdf(user: User | AnonymousUser, sponsor: Sponsor, *, on: date | None = None) -> bytes:
    """The certificate of appreciation for a civil servant sponsor."""
    civil_servant = sponsor.civil_servant
    assert civil_servant is not None, "a piagam is for civil servants"
    contribution = contribution_of(user, sponsor)
    if not contribution.months:
        raise ApplicationError(_("Piagam tersedia setelah iuran bulan pertama Anda lunas."), code="nothing_paid")
    context = {
        "sponsor": sponsor,
        "civil_servant": civil_servant,
        "contribution": contribution,
        "on": on or timezone.localdate(),
        "leader_title": leader_title(sponsor.regency.name),
    }
    return pdf_bytes("me/pdf/piagam.html", context)
