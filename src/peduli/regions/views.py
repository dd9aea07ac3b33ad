from django.http import HttpRequest, HttpResponse

from peduli.accounts.models import Role
from peduli.core.access import roles_required
from peduli.core.listing import render_list
from peduli.regions.filters import RegionFilter
from peduli.regions.models import Region
from peduli.regions.selectors import instance_region_code, region_queryset_for

REGION_READERS = frozenset(Role.values) - {Role.CIVIL_SERVANT}


@roles_required(REGION_READERS)
def region_list(request: HttpRequest) -> HttpResponse:
    """The instance's regions; by default its districts, drilling down by parent."""
    regions = region_queryset_for(request.user)
    root = instance_region_code()
    if root and not request.GET.get("q"):
        regions = regions.filter(code__startswith=root)
    if not request.GET:
        regions = regions.filter(parent_id=root) if root else regions.filter(level=Region.Level.PROVINCE)
    return render_list(
        request,
        queryset=regions,
        filterset_class=RegionFilter,
        template="regions/region_list.html",
        results_template="regions/partials/region_results.html",
    )
