"""The API's router: a row's id in a path is 1 to 18 digits, so an id no
64-bit key can hold answers 404 from the URL resolver instead of reaching the
database (SQLite refuses such a number with an error)."""

from typing import Any

from rest_framework.routers import DefaultRouter

ID_PATTERN = r"[0-9]{1,18}"


class IdRouter(DefaultRouter):
    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        if getattr(viewset, "lookup_field", "pk") in ("pk", "id") and not hasattr(viewset, "lookup_value_regex"):
            viewset.lookup_value_regex = ID_PATTERN
        regex: str = super().get_lookup_regex(viewset, lookup_prefix)
        return regex
