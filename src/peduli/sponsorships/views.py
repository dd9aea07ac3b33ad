"""Pages of sponsors and sponsorships: lists, details, recording an
organisation, starting and ending a sponsorship. Each view reads through a
scoped selector, writes through a service, and shows the service's message."""

from dataclasses import asdict, dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Sum
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peduli.accounts.access import roles_required
from peduli.accounts.models import User
from peduli.accounts.roles import Capability, may
from peduli.agencies.models import CivilServant
from peduli.agencies.selectors import active_on, civil_servant_queryset_for
from peduli.core.errors import ApplicationError
from peduli.core.forms import show_error
from peduli.core.listing import render_list
from peduli.core.models import AccessLog
from peduli.core.months import YearMonth, month_range
from peduli.core.personal_data import personal_data_note
from peduli.ledger.dues import rate_schedule_for
from peduli.ledger.forms import PrepayForm, StatementForm
from peduli.ledger.models import Due
from peduli.ledger.selectors import OUTSTANDING, due_queryset_for, owed_dues, payment_queryset_for
from peduli.sponsorships import services
from peduli.sponsorships.filters import SponsorFilter, SponsorshipFilter, with_running_count
from peduli.sponsorships.forms import SponsorForm, SponsorshipEndForm, SponsorshipStartForm
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.sponsorships.policy import sponsor_actions, sponsorship_actions
from peduli.sponsorships.selectors import (
    SPONSORABLE_STATUSES,
    sponsor_get_for,
    sponsor_queryset_for,
    sponsorship_get_for,
    sponsorship_queryset_for,
)
from peduli.workers.models import Worker
from peduli.workers.selectors import worker_queryset_for

GRID_MONTHS = 12


# Sponsors -------------------------------------------------------------------------


@roles_required(Capability.READ_SPONSORSHIPS)
def sponsor_list(request: HttpRequest) -> HttpResponse:
    return render_list(
        request,
        queryset=with_running_count(sponsor_queryset_for(request.user)),
        filterset_class=SponsorFilter,
        template="sponsorships/sponsor_list.html",
        results_template="sponsorships/partials/sponsor_results.html",
        context={"can_create": may(request.user, Capability.RECORD_SPONSORS)},
    )


@dataclass(frozen=True)
class GridRow:
    """One sponsorship's dues over the grid's months (None where it owes nothing)."""

    sponsorship: Sponsorship
    cells: list[Due | None]


SPONSORSHIPS_PER_PAGE = 25


def _dues_grid(dues: list[Due], sponsorships: list[Sponsorship], months: list[YearMonth]) -> list[GridRow]:
    by_key = {(due.sponsorship_id, YearMonth.of(due.month)): due for due in dues}
    return [GridRow(s, [by_key.get((s.pk, month)) for month in months]) for s in sponsorships]


@roles_required(Capability.READ_STATEMENTS)
def sponsor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sponsor = sponsor_get_for(request.user, pk)
    personal_data_note(action=AccessLog.Action.VIEW, subject="sponsor", object_id=sponsor.pk)
    # Running first, then ended, by worker: a page of them, so a sponsor of hundreds opens fast.
    all_sponsorships = sponsorship_queryset_for(request.user).filter(sponsor=sponsor)
    ordered = all_sponsorships.order_by(F("end_month").desc(nulls_first=True), "worker__name", "pk")
    page = Paginator(ordered, SPONSORSHIPS_PER_PAGE).get_page(request.GET.get("halaman"))
    sponsorships = list(page)
    now = YearMonth.current()
    # Newest first, so a phone shows the months that matter without scrolling.
    months = month_range(now - (GRID_MONTHS - 1), now)[::-1]
    dues = due_queryset_for(request.user).filter(sponsor=sponsor, cancelled=False)
    grid_dues = list(dues.filter(month__gte=months[-1].first_day, month__lte=now.first_day,
                                 sponsorship__in=[s.pk for s in sponsorships]))  # fmt: skip
    arrears = owed_dues(dues, now).aggregate(total=Sum(OUTSTANDING), dues=Count("pk"))
    return render(
        request,
        "sponsorships/sponsor_detail.html",
        {
            "sponsor": sponsor,
            "running": [s for s in sponsorships if s.end_month is None],
            "ended": [s for s in sponsorships if s.end_month is not None],
            "running_count": all_sponsorships.filter(end_month__isnull=True).count(),
            "page": page,
            "months": months,
            "grid": _dues_grid(grid_dues, sponsorships, months),
            "arrears": arrears["total"] or 0,
            "arrears_dues": arrears["dues"],
            "payments": payment_queryset_for(request.user).filter(sponsor=sponsor)[:20],
            "statement_form": StatementForm(initial=StatementForm.default_period()),
            **asdict(sponsor_actions(request.user, sponsor)),
        },
    )


def _sponsor_form_page(request: HttpRequest, form: SponsorForm, title: str, back: Sponsor | None) -> HttpResponse:
    return render(request, "sponsorships/sponsor_form.html", {"form": form, "title": title, "back": back})


@roles_required(Capability.RECORD_SPONSORS)
def sponsor_create(request: HttpRequest) -> HttpResponse:
    form = SponsorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sponsor = services.sponsor_create(actor=request.user, data=form.to_data())  # type: ignore[arg-type]
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Donatur %(name)s dicatat.") % {"name": sponsor.name})
            return redirect(sponsor)
    return _sponsor_form_page(request, form, _("Catat donatur lembaga"), None)


@roles_required(Capability.RECORD_SPONSORS)
def sponsor_update(request: HttpRequest, pk: int) -> HttpResponse:
    sponsor = sponsor_get_for(request.user, pk)
    form = SponsorForm(request.POST or None, initial=SponsorForm.initial_for(sponsor), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.sponsor_update(actor=request.user, sponsor=sponsor, data=form.to_data())  # type: ignore[arg-type]
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Data donatur disimpan."))
            return redirect(sponsor)
    return _sponsor_form_page(request, form, _("Ubah data %(name)s") % {"name": sponsor.name}, sponsor)


# Sponsorships ---------------------------------------------------------------------


@roles_required(Capability.READ_SPONSORSHIPS)
def sponsorship_list(request: HttpRequest) -> HttpResponse:
    return render_list(
        request,
        queryset=sponsorship_queryset_for(request.user),
        filterset_class=SponsorshipFilter,
        template="sponsorships/sponsorship_list.html",
        results_template="sponsorships/partials/sponsorship_results.html",
        context={"can_start": may(request.user, Capability.MANAGE_SPONSORSHIPS)},
    )


@roles_required(Capability.READ_STATEMENTS)
def sponsorship_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sponsorship = sponsorship_get_for(request.user, pk)
    personal_data_note(action=AccessLog.Action.VIEW, subject="sponsorship", object_id=sponsorship.pk)
    dues = due_queryset_for(request.user).filter(sponsorship=sponsorship).order_by("-month")
    return render(
        request,
        "sponsorships/sponsorship_detail.html",
        {
            "sponsorship": sponsorship,
            "dues": dues,
            "premium": _premium(sponsorship.start, sponsorship.programme, sponsorship.declared_income),
            **asdict(sponsorship_actions(request.user, sponsorship)),
            "end_form": SponsorshipEndForm(),
            "prepay_form": PrepayForm(),
        },
    )


def _start_form(request: HttpRequest, data: QueryDict | None) -> SponsorshipStartForm:
    people = active_on(civil_servant_queryset_for(request.user), YearMonth.current().first_day)
    initial = {"sponsor": request.GET.get("donatur", ""), "worker_nik": request.GET.get("nik", "")}
    return SponsorshipStartForm(
        data,
        initial=initial,
        sponsors=sponsor_queryset_for(request.user),
        civil_servants=people,
    )


def _start(actor: User, sponsor: Sponsor | CivilServant, form: SponsorshipStartForm) -> Sponsorship:
    data = form.cleaned_data
    terms = {"worker": data["worker_nik"], "start": data["start"], "programme": data["programme"],
             "declared_income": data["declared_income"]}  # fmt: skip
    if isinstance(sponsor, CivilServant):
        return services.sponsorship_start_for_civil_servant(actor=actor, civil_servant=sponsor, **terms)
    return services.sponsorship_start(actor=actor, sponsor=sponsor, **terms)


@roles_required(Capability.MANAGE_SPONSORSHIPS)
def sponsorship_create(request: HttpRequest) -> HttpResponse:
    form = _start_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sponsorship = _start(request.user, form.cleaned_data["sponsor"], form)  # type: ignore[arg-type]
        except ApplicationError as error:
            show_error(form, error, fields={"worker": "worker_nik"})
        else:
            messages.success(
                request,
                _("%(sponsor)s mulai membiayai iuran %(worker)s.")
                % {"sponsor": sponsorship.sponsor.name, "worker": sponsorship.worker.name},
            )
            return redirect(sponsorship)
    return render(
        request,
        "sponsorships/sponsorship_form.html",
        {
            "form": form,
            "title": _("Mulai kepesertaan"),
            "premium": _premium_from(form),
            "can_search_workers": may(request.user, Capability.READ_WORKERS),
        },
    )


def _premium(start: YearMonth, programme: str, income: int) -> int | None:
    try:
        return rate_schedule_for(start).premium(programme=programme, declared_income=income)
    except ApplicationError:
        return None


def _premium_from(form: SponsorshipStartForm) -> int | None:
    """The monthly premium the form's choices give (its initial values before input)."""
    values = {name: form[name].value() for name in ("start", "programme", "declared_income")}
    try:
        start = values["start"] if isinstance(values["start"], YearMonth) else YearMonth.parse(str(values["start"]))
        income = int(values["declared_income"] or form.fields["declared_income"].choices[0][0])  # type: ignore[attr-defined]
    except ValueError:
        return None
    return _premium(start, str(values["programme"]), income)


@require_POST
@roles_required(Capability.MANAGE_SPONSORSHIPS)
def premium(request: HttpRequest) -> HttpResponse:
    """The monthly premium beside the start form (htmx)."""
    form = _start_form(request, request.POST)
    return render(request, "sponsorships/partials/premium.html", {"premium": _premium_from(form)})


@require_POST
@roles_required(Capability.FIND_WORKERS_TO_SPONSOR)
def worker_search(request: HttpRequest) -> HttpResponse:
    """Verified workers matching a name or NIK prefix, to fill the NIK (htmx)."""
    text = request.POST.get("cari", "").strip()
    workers = worker_queryset_for(request.user).filter(status__in=SPONSORABLE_STATUSES)
    if len(text) < 3:
        found = workers.none()
    elif text.isdigit():
        found = workers.filter(nik__startswith=text)
    else:
        found = workers.filter(name__icontains=text)
    return render(request, "sponsorships/partials/worker_search.html", {"workers": found[:10], "text": text})


@roles_required(Capability.MANAGE_SPONSORSHIPS)
def sponsorship_end(request: HttpRequest, pk: int) -> HttpResponse:
    sponsorship = sponsorship_get_for(request.user, pk)
    form = SponsorshipEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sponsorship_end(
                actor=request.user, sponsorship=sponsorship, last_month=form.cleaned_data["last_month"],  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"], note=form.cleaned_data["note"],
            )  # fmt: skip
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Kepesertaan %(worker)s diakhiri. Salah catat? Batalkan hari ini juga dengan "
                                        "\"Batalkan pengakhiran\".") % {"worker": sponsorship.worker.name})  # fmt: skip
            return redirect(sponsorship)
    return render(
        request,
        "sponsorships/sponsorship_end.html",
        {"form": form, "title": _("Akhiri kepesertaan"), "back": sponsorship, "sponsorship": sponsorship},
    )


@require_POST
@roles_required(Capability.MANAGE_SPONSORSHIPS)
def sponsorship_end_undo(request: HttpRequest, pk: int) -> HttpResponse:
    sponsorship = sponsorship_get_for(request.user, pk)
    try:
        services.sponsorship_end_undo(actor=request.user, sponsorship=sponsorship)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Pengakhiran kepesertaan %(worker)s dibatalkan; iurannya ditagih lagi.") % {
            "worker": sponsorship.worker.name})  # fmt: skip
    return redirect(sponsorship)


def worker_page_sponsorships(request: HttpRequest, worker: Worker) -> dict[str, Any]:
    """The worker page's part: who sponsors this worker (as the reader may see)."""
    return {"sponsorships": sponsorship_queryset_for(request.user).filter(worker=worker)}
