"""The API's filter backend: a list's filters from the query string, or from
the body for `POST <list>/search/` (`api.searching`), so a NIK searched for
never goes in a URL."""

from typing import Any

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.request import Request


class SearchFilterBackend(DjangoFilterBackend):
    def get_filterset_kwargs(self, request: Request, queryset: Any, view: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_filterset_kwargs(request, queryset, view)
        if getattr(view, "action", None) == "search":
            kwargs["data"] = request.data
        return kwargs
