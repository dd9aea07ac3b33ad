"""API errors: a service's ApplicationError becomes a 400 keyed by its field,
in the same shape DRF gives validation errors; an upload that grew past the
limit while it streamed in is a 413 naming the limit."""

from typing import Any

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from peduli.core.errors import ApplicationError
from peduli.core.uploads import UploadTooLarge, too_large_message


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, UploadTooLarge):
        return Response({"detail": too_large_message(exc.limit)}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, ApplicationError):
        code = status.HTTP_403_FORBIDDEN if exc.code == "forbidden" else status.HTTP_400_BAD_REQUEST
        return Response({exc.field or "non_field_errors": [exc.message]}, status=code)
    return drf_exception_handler(exc, context)
