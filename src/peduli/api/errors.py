"""API errors: a service's ApplicationError becomes a 400 keyed by its field,
in the same shape DRF gives validation errors; a throttled request says in
Indonesian when to try again; an upload that grew past the limit while it
streamed in is a 413 naming the limit; a number no 64-bit id holds is a 400."""

import math
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from peduli.core.errors import ApplicationError
from peduli.core.uploads import UploadTooLarge, too_large_message


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, OverflowError):
        # A number past 64 bits in a body or query (an id no row can have): SQLite refuses it.
        return Response({"non_field_errors": [_("Angka terlalu besar.")]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, UploadTooLarge):
        return Response({"detail": too_large_message(exc.limit)}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, ApplicationError):
        code = status.HTTP_403_FORBIDDEN if exc.code == "forbidden" else status.HTTP_400_BAD_REQUEST
        return Response({exc.field or "non_field_errors": [exc.message]}, status=code)
    if isinstance(exc, Throttled):
        # DRF's own words are half English ("Expected available in …").
        seconds = getattr(exc, "wait", None)  # DRF sets it on the instance
        wait = math.ceil(seconds) if seconds is not None else None
        detail = (
            _("Terlalu banyak permintaan. Coba lagi dalam %(seconds)s detik.") % {"seconds": wait}
            if wait
            else _("Terlalu banyak permintaan. Coba lagi sebentar lagi.")
        )
        # Given no wait, DRF adds no English sentence; the header still says it.
        said = Throttled(detail=detail)
        said.wait = wait  # type: ignore[attr-defined]
        exc = said
    return drf_exception_handler(exc, context)
