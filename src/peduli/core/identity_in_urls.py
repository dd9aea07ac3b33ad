"""No NIK (16 digits) or NIP (18) ever travels in a URL (issue 14, ADR 0018).

A URL is written down everywhere a request passes: the browser's history,
the reverse proxy's and the server's logs, the access log. Peduli's own pages
never put an identity number there (a search goes in a POST body and comes
back as a token, `core.searches`; the NIK checks are POSTs), and this
middleware refuses any request whose path or query string still carries one
— a bookmark from before, a hand-typed URL, an API client — with a message
saying where the number goes instead.
"""

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from peduli.core.uploads import refused_response

# Sixteen digits (a NIK) or eighteen (an NIP) on their own, once the
# separators people type are gone; a longer number is neither.
_IDENTITY_NUMBER = re.compile(r"(?<!\d)(?:\d{16}|\d{18})(?!\d)")
_SEPARATORS = str.maketrans("", "", " .-+")


def carries_identity_number(text: str) -> bool:
    return bool(_IDENTITY_NUMBER.search(text.translate(_SEPARATORS)))


def _in_url(request: HttpRequest) -> bool:
    # A path segment that is a number of its own (a token, say a password
    # reset's, may hold a run of digits among its letters).
    if any(_IDENTITY_NUMBER.fullmatch(part.translate(_SEPARATORS)) for part in request.path.split("/")):
        return True
    return any(carries_identity_number(value) for values in request.GET.lists() for value in values[1])


class IdentityInUrlMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _in_url(request):
            if request.path.startswith("/api/"):
                where = _("Kirim nomor itu di isi permintaan (POST), misalnya ke /api/v1/workers/search/.")
            else:
                where = _("Ketik nomor itu di kotak pencarian halaman daftar.")
            message = _(
                "Alamat ini memuat NIK atau NIP. Nomor identitas tidak boleh ada di alamat halaman, karena alamat "
                "tercatat di riwayat peramban dan di catatan server. %(where)s"
            ) % {"where": where}
            return refused_response(request, title=_("Nomor identitas di alamat"), message=message, status=400)
        return self.get_response(request)
