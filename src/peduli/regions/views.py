from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peduli.accounts.access import roles_required
from peduli.accounts.roles import Capability, as_user
from peduli.core.errors import ApplicationError
from peduli.core.forms import SUGGESTIONS_TEMPLATE, searched_text, show_error
from peduli.core.listing import render_list
from peduli.regions.boundaries import boundaries_load
from peduli.regions.filters import RegionFilter
from peduli.regions.forms import BoundaryUploadForm
from peduli.regions.models import Region
from peduli.regions.selectors import (
    boundaries_exist,
    boundaries_feature_collection,
    boundary_summary,
    instance_region_code,
    instance_regions,
    region_queryset_for,
    village_label,
    villages_matching,
)


@roles_required(Capability.READ_REGIONS)
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


@roles_required(Capability.READ_REGIONS)
def village_search(request: HttpRequest) -> HttpResponse:
    """Suggestions for a village field (core.forms.SearchInput): the
    instance's villages that match what was typed."""
    villages = villages_matching(instance_regions(Region.Level.VILLAGE), searched_text(request))
    return render(request, SUGGESTIONS_TEMPLATE, {"labels": [village_label(v) for v in villages]})


@roles_required(Capability.LOAD_BOUNDARIES)
def boundary_upload(request: HttpRequest) -> HttpResponse:
    """Load district or village outlines from a GeoJSON file, for the maps."""
    form = BoundaryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = boundaries_load(
                actor=as_user(request.user), geojson=form.cleaned_data["file"], source=form.cleaned_data["source"]
            )
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("%(n)d batas wilayah dimuat.") % {"n": result.total})
            return redirect("regions:boundary_upload")
    has_districts = boundaries_exist(level=Region.Level.DISTRICT)
    preview = {
        "boundaries": boundaries_feature_collection(request.user, level=Region.Level.DISTRICT)
        if has_districts
        else None,
        "places": {"metric": "count", "places": []},
    }
    return render(
        request,
        "regions/boundary_upload.html",
        {"form": form, "summary": boundary_summary(), "has_districts": has_districts, "preview": preview},
    )
