"""The BPJS calendar page: each month's premium due date and report deadline
for a year, the holidays behind them, and the days off the labour office
records (add; remove after a confirmation)."""

from datetime import date

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peduli.accounts.access import roles_required
from peduli.accounts.roles import Capability, may
from peduli.core.errors import ApplicationError
from peduli.core.forms import BootstrapFormMixin, DateField, show_error
from peduli.ledger import calendar_services
from peduli.ledger.calendar import calendar_year, day_off_queryset, days_off, recorded_days_off

YEARS_SHOWN = calendar_services.DAY_OFF_YEARS


class DayOffForm(BootstrapFormMixin, forms.Form):
    day = DateField(label=gettext_lazy("Tanggal"))
    name = forms.CharField(label=gettext_lazy("Keterangan"), max_length=150)


def _year(request: HttpRequest) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("tahun", this_year))
    except ValueError:
        return this_year
    return min(max(year, this_year - YEARS_SHOWN), this_year + YEARS_SHOWN)


@roles_required(Capability.READ_CALENDAR)
def calendar_page(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    can_keep = may(request.user, Capability.KEEP_LEDGER)
    form = DayOffForm(request.POST or None)
    if request.method == "POST" and can_keep and form.is_valid():
        try:
            day_off = calendar_services.day_off_record(
                actor=request.user,  # type: ignore[arg-type]
                day=form.cleaned_data["day"],
                name=form.cleaned_data["name"],
            )
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Hari libur %(day)s dicatat.") % {"day": f"{day_off.day:%d/%m/%Y}"})
            return redirect(f"{request.path}?tahun={day_off.day.year}")
    return render(
        request,
        "ledger/calendar.html",
        {
            "year": year,
            "years": range(timezone.localdate().year - YEARS_SHOWN, timezone.localdate().year + YEARS_SHOWN + 1),
            "months": calendar_year(year),
            "holidays": sorted(days_off(date(year, 1, 1), date(year, 12, 31)).items()),
            "recorded": recorded_days_off(year),
            "form": form,
            "can_keep": can_keep,
        },
    )


@roles_required(Capability.KEEP_LEDGER)
def day_off_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST removes the day off."""
    day_off = get_object_or_404(day_off_queryset(), pk=pk)
    if request.method == "POST":
        calendar_services.day_off_remove(actor=request.user, day_off=day_off)  # type: ignore[arg-type]
        messages.success(request, _("Hari libur %(day)s dihapus.") % {"day": f"{day_off.day:%d/%m/%Y}"})
        return redirect(f"{reverse('ledger:calendar')}?tahun={day_off.day.year}")
    return render(request, "ledger/day_off_delete.html", {"day_off": day_off})
