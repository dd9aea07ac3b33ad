"""Searching an API list by NIK or NIP without putting it in the URL (ADR 0018).

`POST <list>/search/` takes the list's filters in the body and answers as
the list does (same scope, same pagination); `api.filtering` reads them
from the body for that action.
"""

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response


class PostedSearchMixin:
    """Adds `POST search/` to a list viewset."""

    @extend_schema(
        request={"application/json": {"type": "object", "additionalProperties": {"type": "string"}}},
        description="Filter daftar ini dengan isi permintaan, bukan alamat: untuk mencari dengan NIK atau NIP, "
        "yang tidak boleh ada di URL. Kolom filternya sama dengan parameter daftar (misalnya q).",
        examples=[OpenApiExample("NIK", value={"q": "3324014506850001"})],
    )
    @action(detail=False, methods=["post"])
    def search(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response: Response = self.list(request, *args, **kwargs)  # type: ignore[attr-defined]
        return response
