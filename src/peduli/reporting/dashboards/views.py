"""The dashboards: the regency's, a district's and an agency's, for one month
(?bulan=YYYY-MM). Everyone reads their own scope by default; the labour
office and the leader may open any district or agency. Figures come from
`reporting.indicators`; the charts are Chart.js configurations (`json_script`)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from peduli.accounts.access import roles_required
from peduli.accounts.models import User
from peduli.accounts.roles import Capability, as_user, may
from peduli.bpjs.claim_selectors import ClaimsImpact, claims_impact
from peduli.core.month_query import month_asked
from peduli.core.months import YearMonth
from peduli.regions.models import Region
from peduli.regions.selectors import boundaries_exist, boundaries_feature_collection
from peduli.reporting.coverage.indicators import MonthlyIndicators, indicators_for
from peduli.reporting.coverage.places import (
    PlaceCoverage,
    agencies_participation,
    districts_coverage,
    villages_coverage,
)
from peduli.reporting.coverage.reports import scope_get_for
from peduli.reporting.coverage.scopes import Scope, scope_allowed, scope_for_user
from peduli.reporting.coverage.trends import indicators_trend, target_trajectory
from peduli.reporting.dashboards import charts
from peduli.users.selectors import activation_league


def _user(request: HttpRequest) -> User:
    user = as_user(request.user)
    assert user is not None  # roles_required let only a logged-in user in
    return user


def _with_month(url: str, request: HttpRequest) -> str:
    month = request.GET.get("bulan", "")
    return f"{url}?bulan={month}" if month else url


def _picked_district(request: HttpRequest, current: str = "") -> HttpResponse | None:
    """The district picker without JavaScript submits ?kecamatan=CODE: go there."""
    code = request.GET.get("kecamatan", "").strip()
    if not code or code == current:
        return None
    return redirect(_with_month(reverse("reporting:dashboard_district", args=[code]), request))


def _common(request: HttpRequest, scope: Scope, month: YearMonth) -> tuple[MonthlyIndicators, dict[str, Any]]:
    """The month's indicators, the month before's, and what every dashboard
    shows: month picker, trend, progress to the targets, freshness."""
    now = indicators_for(scope=scope, month=month)
    before = indicators_for(scope=scope, month=month - 1)
    trend = indicators_trend(scope=scope, first=charts.TREND_START, last=month)
    trajectory = target_trajectory(regency=scope.regency) if scope.kind in ("regency", "district") else []
    context = {
        "scope": scope,
        "month": month,
        "previous": month - 1,
        "first_month": charts.TREND_START,
        "last_month": YearMonth.current(),
        "now": now,
        "before": before,
        "net_new": now.workers_protected - before.workers_protected,
        "can_pick": may(_user(request), Capability.READ_INSTANCE),
        "can_load_boundaries": may(request.user, Capability.LOAD_BOUNDARIES),
        "charts": {
            "trend": charts.civil_servant_timeline(trend)
            if scope.kind == "agency"
            else charts.coverage_timeline(trend, trajectory, now)
        },
        "chart_data": {},
        "impact": _claims_impact(request, scope, month),
    }
    return now, context


def _claims_impact(request: HttpRequest, scope: Scope, month: YearMonth) -> ClaimsImpact | None:
    """What BPJS paid protected workers' families up to `month`, for those who
    may read it; a district's own, the regency's otherwise (not an agency's:
    claims are by where the worker lives)."""
    if scope.kind not in ("regency", "district") or not may(request.user, Capability.READ_CLAIM_IMPACT):
        return None
    district = scope.region.pk if scope.kind == "district" and scope.region is not None else None
    return claims_impact(regency_id=scope.regency.pk, first=None, last=month, district_id=district)


def _places(
    request: HttpRequest,
    context: dict[str, Any],
    places: list[PlaceCoverage],
    *,
    level: Region.Level,
    parent: Region,
    link: str | None,
) -> None:
    """The places ranked, for the bar chart and its table, and their outlines
    for the map when any are loaded. `link` is a place's dashboard, CODE
    standing for its code."""
    context["places"] = places
    context["chart_data"]["places"] = ranked = charts.places_json(places, link=link, month=str(context["month"]))
    context["charts"]["places"] = ranked.pop("chart")
    if boundaries_exist(level=level, parent_code=parent.code):
        context["chart_data"]["boundaries"] = boundaries_feature_collection(
            request.user, level=level, parent_code=parent.code
        )


@roles_required(Capability.READ_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    """The regency's dashboard; operators land on their own district's or agency's."""
    user = _user(request)
    own = scope_for_user(user)
    if own.kind == "district" and own.region is not None:
        return redirect(_with_month(reverse("reporting:dashboard_district", args=[own.region.code]), request))
    if own.kind == "agency" and own.agency is not None:
        return redirect(_with_month(reverse("reporting:dashboard_agency", args=[own.agency.code]), request))
    if not scope_allowed(user, own):
        raise Http404
    if picked := _picked_district(request):
        return picked
    month = month_asked(request, earliest=charts.TREND_START, latest=YearMonth.current())
    now, context = _common(request, own, month)
    before = context["before"]
    context["cards"] = charts.regency_cards(now, before)
    participation = agencies_participation(regency=own.regency, month=month)
    context["agencies"] = charts.league(participation)
    if may(user, Capability.READ_INSTANCE):  # how far the civil service has come into Peduli, as of today
        context["activation"] = activation_league([row.agency for row in participation])
        context["activation_links"] = may(user, Capability.OPEN_ACCOUNTS)
    context["charts"]["funding"] = charts.funding_chart(now)
    _places(
        request,
        context,
        districts_coverage(regency=own.regency, month=month),
        level=Region.Level.DISTRICT,
        parent=own.regency,
        link=reverse("reporting:dashboard_district", args=["CODE"]),
    )
    return render(request, "reporting/dashboard.html", context)


@roles_required(Capability.READ_DASHBOARD)
def district_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    """A district's dashboard: its figures, trend and villages ranked."""
    if picked := _picked_district(request, code):
        return picked
    scope = scope_get_for(_user(request), f"district:{code}")
    assert scope.region is not None
    month = month_asked(request, earliest=charts.TREND_START, latest=YearMonth.current())
    now, context = _common(request, scope, month)
    context["cards"] = charts.district_cards(now, context["before"])
    context["charts"]["funding"] = charts.funding_chart(now)
    places = villages_coverage(district=scope.region, month=month)
    _places(request, context, places, level=Region.Level.VILLAGE, parent=scope.region, link=None)
    context["districts"] = Region.objects.filter(parent=scope.regency).order_by("name") if context["can_pick"] else []
    return render(request, "reporting/dashboard_district.html", context)


@roles_required(Capability.READ_DASHBOARD)
def agency_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    """An agency's dashboard: its civil servants, who sponsors, whom they cover."""
    scope = scope_get_for(_user(request), f"agency:{code}")
    month = month_asked(request, earliest=charts.TREND_START, latest=YearMonth.current())
    now, context = _common(request, scope, month)
    context["cards"] = charts.agency_cards(now, context["before"])
    return render(request, "reporting/dashboard_agency.html", context)
