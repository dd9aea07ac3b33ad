"""List pages: search, filters, sorting and pagination from one FilterSet, with
htmx swapping only the results when a filter changes. The filter form is
POSTed so the search text never reaches the URL (`core.searches`)."""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django_filters import FilterSet

from peduli.core.personal_data import personal_data_note
from peduli.core.searches import filter_data, is_filter_post, sealed_query

PAGE_SIZE = 25


def render_list(
    request: HttpRequest,
    *,
    queryset: QuerySet[Any],
    filterset_class: type[FilterSet],
    template: str,
    results_template: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render a list page, or only its results block for an htmx request.

    `queryset` must already be scoped to the user (a selector's output): the
    filterset only narrows it.
    """
    htmx = getattr(request, "htmx", None)
    is_htmx = bool(htmx) and not getattr(htmx, "boosted", False)
    if is_filter_post(request):
        query = sealed_query(request)
        if not is_htmx:
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
    else:
        query = request.GET.copy()
        query.pop("halaman", None)
    data = filter_data(query, request)
    filterset = filterset_class(data or None, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("halaman"))
    personal_data_note(row_count=len(page.object_list))
    without_sort = query.copy()
    without_sort.pop("urut", None)
    full_context = {
        "filter": filterset,
        "page": page,
        "query_string": query.urlencode(),
        "query_string_without_sort": without_sort.urlencode(),
        "sort": query.get("urut", ""),
        **(context or {}),
    }
    response = render(request, results_template if is_htmx else template, full_context)
    if is_filter_post(request):
        response["HX-Push-Url"] = f"{request.path}?{query.urlencode()}"
    return response
