"""The civil servant's own page (/saya/), made for a phone: the workers they
sponsor with a strip of months, what they owe and how to pay, their receipts
and piagam, and "sponsor a worker" in two taps."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peduli.accounts.access import roles_required
from peduli.accounts.models import User
from peduli.accounts.roles import Capability
from peduli.agencies.models import CivilServant
from peduli.core.errors import ApplicationError
from peduli.core.models import AccessLog
from peduli.core.months import YearMonth, month_range
from peduli.core.pdf import pdf_response
from peduli.core.personal_data import personal_data_note
from peduli.ledger.calendar import last_overdue_month, premium_due_date
from peduli.ledger.dues import rate_schedule_for
from peduli.ledger.models import Due
from peduli.ledger.selectors import OUTSTANDING, due_queryset_for, owed_dues, payment_get_for, payment_queryset_for
from peduli.sponsorships import documents, matching
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.sponsorships.selectors import sponsor_queryset_for, sponsorship_queryset_for
from peduli.sponsorships.services import sponsorship_start_for_civil_servant
from peduli.workers.models import Worker

# A strip shows twelve months, reaching three months ahead (prepaid months).
STRIP_MONTHS, STRIP_AHEAD = 12, 3
PAYMENTS_PER_PAGE = 12


@dataclass(frozen=True)
class MonthCell:
    month: YearMonth
    state: str  # paid / due / upcoming / outside

    @property
    def short_label(self) -> str:
        return f"{self.month.label[:3]} {str(self.month.year)[2:]}"


def _strip_months(sponsorship: Sponsorship, now: YearMonth) -> list[YearMonth]:
    """Twelve months around what matters: for a running sponsorship the last
    months and the next ones (prepaid), never months before it began; for an
    ended one the months up to its end."""
    last = min(sponsorship.end or now + STRIP_AHEAD, now + STRIP_AHEAD)
    first = max(sponsorship.start, last - (STRIP_MONTHS - 1))
    return month_range(first, first + (STRIP_MONTHS - 1))


def _strip(
    sponsorship: Sponsorship, months: list[YearMonth], dues: dict[YearMonth, Due], overdue: YearMonth
) -> list[MonthCell]:
    """Each month's cell; a month is "due" (red) only once its premium is
    overdue (`overdue` is the last such month), before that "upcoming"."""
    cells = []
    for month in months:
        due = dues.get(month)
        if due is not None and due.is_paid:
            state = "paid"
        elif not sponsorship.runs_in(month):
            state = "outside"
        elif month <= overdue:
            state = "due"
        else:
            state = "upcoming"
        cells.append(MonthCell(month, state))
    return cells


def _civil_servant(user: User) -> CivilServant:
    """The page's owner; a superuser without a civil-servant record has no
    page of their own."""
    if user.civil_servant is None:
        raise PermissionDenied(
            _("Halaman ini milik ASN yang masuk dengan NIP-nya; akun Anda tidak terhubung dengan data ASN.")
        )
    return user.civil_servant


def _own_sponsor(user: User) -> Sponsor | None:
    return sponsor_queryset_for(user).filter(civil_servant=_civil_servant(user)).first()


@roles_required(Capability.SPONSOR_FOR_SELF)
def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    civil_servant = _civil_servant(user)
    sponsor = _own_sponsor(user)
    now = YearMonth.current()
    sponsorships = list(
        sponsorship_queryset_for(user)
        .select_related("worker__occupation")
        .annotate(worker_nik_masked=matching.masked_nik("worker__nik"))
        .order_by(F("end_month").desc(nulls_first=True), "-start_month")
    )
    windows = {s.pk: _strip_months(s, now) for s in sponsorships}
    by_sponsorship: dict[int, dict[YearMonth, Due]] = {}
    if windows:
        # One query for every card's strip: the dues of the months the strips span.
        first = min(months[0] for months in windows.values())
        last = max(months[-1] for months in windows.values())
        dues = due_queryset_for(user).filter(month__range=(first.first_day, last.first_day), cancelled=False)
        for due in dues:
            by_sponsorship.setdefault(due.sponsorship_id, {})[YearMonth.of(due.month)] = due
    overdue = last_overdue_month()
    cards = [(s, _strip(s, windows[s.pk], by_sponsorship.get(s.pk, {}), overdue)) for s in sponsorships]
    if sponsorships:
        personal_data_note(action=AccessLog.Action.VIEW, subject="worker", row_count=len(sponsorships),
            detail="halaman Saya: pekerja yang dibiayai",
        )  # fmt: skip
    owed = owed_dues(due_queryset_for(user), now).aggregate(total=Sum(OUTSTANDING))["total"] or 0
    payments = Paginator(payment_queryset_for(user).order_by("-received_on", "-pk"), PAYMENTS_PER_PAGE)
    has_paid_month = due_queryset_for(user).filter(cancelled=False, paid_amount=F("amount")).exists()
    return render(
        request,
        "me/home.html",
        {
            "civil_servant": civil_servant,
            "sponsor": sponsor,
            "cards": cards,
            "owed": owed,
            "this_month": now,
            "due_date": premium_due_date(now),
            "credit": sponsor.credit if sponsor else 0,
            "payment_instructions": settings.PAYMENT_INSTRUCTIONS,
            "payments": payments.get_page(request.GET.get("halaman")),
            "can_print_piagam": has_paid_month,
        },
    )


def _premium() -> int:
    rate = rate_schedule_for(YearMonth.current())
    return rate.premium(programme=Sponsorship.Programme.JKK_JKM, declared_income=rate.minimum_income)


@roles_required(Capability.SPONSOR_FOR_SELF)
def suggestions(request: HttpRequest) -> HttpResponse:
    """Ten suggestions at a time; "more" appends the next ten (htmx)."""
    try:
        offset = int(request.GET.get("mulai", "0"))
    except ValueError:
        offset = 0
    civil_servant = _civil_servant(request.user)  # type: ignore[arg-type]
    page = matching.suggestions_for(request.user, offset=offset)
    if page.workers:
        personal_data_note(action=AccessLog.Action.VIEW, subject="worker", row_count=len(page.workers),
            detail="saran pekerja untuk dibiayai",
        )  # fmt: skip
    context = {"page": page, "premium": _premium(), "civil_servant": civil_servant}
    if request.htmx and offset:  # type: ignore[attr-defined]
        return render(request, "me/partials/suggestion_cards.html", context)
    return render(request, "me/suggestions.html", context)


@roles_required(Capability.SPONSOR_FOR_SELF)
def sponsor_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The second tap: the sheet that shows the worker and the premium (GET),
    and the sponsorship itself (POST). Only a worker the civil servant could
    be suggested opens (404 for any other id)."""
    _civil_servant(request.user)  # type: ignore[arg-type]
    if request.method == "POST":
        worker = matching.candidate_queryset_for(request.user).filter(pk=pk).first()
        if worker is None:
            # Taken by someone else since the sheet opened, or never one of
            # theirs: the same words either way, and no name.
            messages.error(request, _("Pekerja ini tidak dapat dipilih lagi. Silakan pilih pekerja lain dari saran."))
            return redirect("me:suggestions")
        return _sponsor(request, worker)
    worker = matching.candidate_get_for(request.user, pk)
    personal_data_note(action=AccessLog.Action.VIEW, subject="worker", object_id=worker.pk)
    context = {"worker": worker, "premium": _premium(), "start": YearMonth.current()}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "me/partials/confirm_sheet.html", context)
    return render(request, "me/confirm.html", context)


def _sponsor(request: HttpRequest, worker: Worker) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    start = YearMonth.current()
    try:
        sponsorship = sponsorship_start_for_civil_servant(
            actor=user, civil_servant=_civil_servant(user), worker=worker, start=start
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("me:suggestions")
    messages.success(
        request,
        _("Terima kasih! Anda kini membiayai iuran %(name)s mulai %(month)s. Cara membayar ada di bawah.")
        % {"name": sponsorship.worker.name, "month": start.label},
    )
    return redirect("me:home")


@roles_required(Capability.SPONSOR_FOR_SELF)
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt of one of their own payments (404 for anyone else's)."""
    _civil_servant(request.user)  # type: ignore[arg-type]
    payment = payment_get_for(request.user, pk)
    if payment.reverses_id is not None:
        raise Http404
    personal_data_note(action=AccessLog.Action.EXPORT, subject="payment", object_id=payment.pk)
    content = documents.receipt_pdf(request.user, payment)
    return pdf_response(content, filename=f"{documents.receipt_number(payment)}.pdf")


@roles_required(Capability.SPONSOR_FOR_SELF)
def piagam(request: HttpRequest) -> HttpResponse:
    sponsor = _own_sponsor(request.user)  # type: ignore[arg-type]
    if sponsor is None:
        raise Http404
    try:
        content = documents.piagam_pdf(request.user, sponsor)
    except ApplicationError as error:
        messages.info(request, error.message)
        return redirect("me:home")
    return pdf_response(content, filename=f"piagam-{sponsor.code}.pdf")
