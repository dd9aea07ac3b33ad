from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from peduli.accounts.models import Role, User
from peduli.accounts.roles import Capability, may
from peduli.agencies.selectors import active_on, agency_queryset_for, civil_servant_queryset_for
from peduli.regions.models import Region
from peduli.regions.selectors import instance_region_code, region_queryset_for
from peduli.site.health import health_report
from peduli.site.todo import todo_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The home page: the headline figures of what the user may see."""
    today = timezone.localdate()
    user = request.user
    people = civil_servant_queryset_for(user)
    root = instance_region_code()
    regions = region_queryset_for(user).filter(code__startswith=root) if root else region_queryset_for(user)
    context = {
        "today": today,
        "agency_count": agency_queryset_for(user).count(),
        "active_civil_servants": active_on(people, today).count(),
        "pppk_count": active_on(people, today).filter(employment_type="PPPK").count(),
        "district_count": regions.filter(level=Region.Level.DISTRICT).count(),
        "village_count": regions.filter(level=Region.Level.VILLAGE).count(),
        "own_record": people.first() if getattr(user, "role", "") == Role.CIVIL_SERVANT else None,
        "role": getattr(user, "role", ""),
        "todo": todo_for(user) if isinstance(user, User) else [],
        # The instance's counts speak to those who steer it; the others get their work.
        "show_figures": may(user, Capability.READ_EVERY_PLACE),
    }
    return render(request, "site/home.html", context)


def health(request: HttpRequest) -> JsonResponse:
    """Health for load balancers and operators (`site.health`): 200 when the
    database answers, the worker and scheduler are alive and the queue
    moves; 503 otherwise, saying which."""
    report = health_report()
    return JsonResponse(report.as_json(), status=200 if report.ok else 503)
