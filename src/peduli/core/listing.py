"""List pages: search, filters, sorting and pagination from one FilterSet, with
htmx swapping only the results when a filter changes."""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_filters import FilterSet

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
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    without_sort = query.copy()
    without_sort.pop("urut", None)
    full_context = {
        "filter": filterset,
        "page": page,
        "query_string": query.urlencode(),
        "query_string_without_sort": without_sort.urlencode(),
        "sort": request.GET.get("urut", ""),
        **(context or {}),
    }
    htmx = getattr(request, "htmx", None)
    is_htmx = bool(htmx) and not getattr(htmx, "boosted", False)
    return render(request, results_template if is_htmx else template, full_context)
