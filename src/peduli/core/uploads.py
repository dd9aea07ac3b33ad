"""What a request may send, checked before it is parsed (DESIGN.md rule 11, ADR 0015).

- `UploadLimitMiddleware` answers 413 to a request whose Content-Length is
  beyond PEDULI_UPLOAD_MAX_BYTES without reading a byte of its body, on pages
  and the API alike. Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count
  files, and CSRF checking reads a form's body before any view runs, so the
  check is here, ahead of every view, parser and middleware that reads.
- `LimitedUploadHandler` (first in FILE_UPLOAD_HANDLERS) counts the bytes
  as a multipart body streams in and stops at the same limit, for a body
  whose length was not declared or was not checked.
- `json_loads` reads JSON (GeoJSON files, API bodies) refusing nesting
  deeper than JSON_MAX_DEPTH before parsing: Python's parser recurses, and
  200,000 opening brackets (400 KB) made a RecursionError, a 500.
"""

import json
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from peduli.core.errors import ApplicationError
from peduli.core.formatting import byte_size

# Deep enough for any GeoJSON (a MultiPolygon's positions sit 8 levels down)
# and any body the API takes.
JSON_MAX_DEPTH = 32
# A JSON string (a key or a value) from its opening quote to its closing
# one — or to the end, so an unclosed string never makes the search go back.
_JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\(?:.|\Z))*+(?:"|\Z)', re.DOTALL)
_NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))


def upload_limit() -> int:
    return int(settings.PEDULI_UPLOAD_MAX_BYTES)


def too_large_message(limit: int) -> str:
    return _(
        "Data yang dikirim lebih besar dari batas %(limit)s per unggahan. Pecah berkasnya menjadi beberapa berkas "
        "yang lebih kecil, lalu unggah satu per satu."
    ) % {"limit": byte_size(limit)}


class UploadTooLarge(RequestDataTooBig):
    """A request body beyond PEDULI_UPLOAD_MAX_BYTES, found while it streamed in."""

    def __init__(self, limit: int) -> None:
        super().__init__(too_large_message(limit))
        self.limit = limit


def too_large_response(request: HttpRequest, limit: int) -> HttpResponse:
    """413 with the limit named: JSON on the API, a page elsewhere."""
    message = too_large_message(limit)
    return refused_response(request, title=_("Berkas terlalu besar"), message=message, status=413)


def refused_response(request: HttpRequest, *, title: str, message: str, status: int) -> HttpResponse:
    """A request refused before any view: JSON on the API, a page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "core/request_refused.html", {"title": title, "message": message}, status=status)


def _declared_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


class UploadLimitMiddleware:
    """Refuse a body declared beyond the limit before anything reads it."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _declared_length(request)
        limit = upload_limit()
        if length is not None and length > limit:
            return too_large_response(request, limit)
        response: HttpResponse = self.get_response(request)
        return response


class LimitedUploadHandler(FileUploadHandler):
    """Counts every uploaded file's bytes of one request as they stream in
    and raises UploadTooLarge past the limit; passes the data on unchanged
    to Django's own handlers."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = upload_limit()
        self.received = 0

    def handle_raw_input(
        self, input_data: Any, META: dict[str, Any], content_length: int, boundary: str, encoding: str | None = None
    ) -> None:
        if content_length > self.limit:
            raise UploadTooLarge(self.limit)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            raise UploadTooLarge(self.limit)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def json_depth_exceeds(data: bytes, limit: int = JSON_MAX_DEPTH) -> bool:
    """Whether the brackets of `data` nest deeper than `limit`, counted
    outside strings, without parsing: strings are cut out, every other byte
    but brackets dropped, then the innermost pairs removed `limit` times —
    each pass a scan in C. Unbalanced brackets count as deeper (the parser
    would refuse them anyway)."""
    brackets = _JSON_STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    for _pass in range(limit):
        if not brackets:
            return False
        brackets = brackets.replace(b"[]", b"").replace(b"{}", b"")
    return bool(brackets)


class JSONRefused(ApplicationError):
    """JSON that is unreadable or too deep; `reason` says which, to be put in a caller's sentence."""

    def __init__(self, reason: str, *, field: str | None = None) -> None:
        super().__init__(_("Data bukan JSON yang sah (%(reason)s).") % {"reason": reason}, field=field)
        self.reason = reason


def json_loads(data: bytes | str, *, field: str | None = None, limit: int = JSON_MAX_DEPTH) -> Any:
    """`data` as JSON, or JSONRefused (on `field`) in Indonesian when it is
    no JSON or nests deeper than `limit`."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    too_deep = JSONRefused(_("JSON bersarang lebih dari %(limit)s tingkat, batas yang diterima") % {"limit": limit})
    too_deep.field = field
    try:
        text = raw.decode("utf-8-sig")
        if json_depth_exceeds(raw, limit):
            json.loads(text)  # says whether it is JSON at all; when it is, it is too deep
            raise too_deep
        return json.loads(text)
    except RecursionError:
        raise too_deep from None
    except (UnicodeDecodeError, ValueError) as error:
        raise JSONRefused(_("JSON tidak terbaca: %(error)s") % {"error": error}, field=field) from None
