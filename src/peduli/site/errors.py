"""The error pages (urls.handler400/403/404/500, CSRF_FAILURE_VIEW and
`ErrorPageMiddleware` for 405 and 429): in Indonesian, in the site's layout,
each with a link back. Under /api/ the answer stays JSON with a `detail` in
Indonesian, as the API's own errors are (api.errors).

The 500 page is a template of its own that extends nothing: it renders
without a request, context processors or database, which may be what failed.
"""

import math
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from peduli.accounts.access import RoleRequired
from peduli.accounts.models import Role
from peduli.accounts.roles import REFUSALS, ROLE_MATRIX
from peduli.core.formatting import duration
from peduli.core.uploads import UploadTooLarge, too_large_response

API = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API)


def _back(request: HttpRequest) -> str | None:
    """The page the user came from, when it is one of ours — and, for a GET,
    not this one (a refused form's page is the way back to a fresh form)."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return None if request.method == "GET" and referer == request.build_absolute_uri() else referer


def error_page(
    request: HttpRequest, *, status: int, title: str, message: str, api_message: str = "", **extra: Any
) -> HttpResponse:
    """An error answer: JSON `{"detail": api_message or message}` under /api/, the site's page elsewhere."""
    if _is_api(request):
        return JsonResponse({"detail": api_message or message}, status=status)
    if not hasattr(request, "user"):
        # Refused before AuthenticationMiddleware ran (a Host not ours): the layout of a visitor.
        request.user = AnonymousUser()
    try:
        back = _back(request)
    except DisallowedHost:
        back = None
    context = {"status": status, "title": title, "message": message, "back": back, **extra}
    return render(request, "site/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400; a body that grew past the upload limit while streaming is a 413 naming the limit (core.uploads)."""
    if isinstance(exception, UploadTooLarge):
        return too_large_response(request, exception.limit)
    return error_page(
        request,
        status=400,
        title=_("Permintaan tidak dapat diproses"),
        message=_(
            "Peramban Anda mengirim permintaan yang tidak dapat kami baca. Muat ulang halaman lalu coba lagi; "
            "bila terulang, hubungi admin Disperinaker."
        ),
    )


def roles_that(exception: RoleRequired) -> list[str]:
    """The names of the roles that may open what `exception` refused, in the matrix's order."""
    allowed = ROLE_MATRIX[exception.capability]
    return [str(role.label) for role in Role if role in allowed]


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403, naming the roles that may open the page where the refusal says which."""
    roles: list[str] = []
    if isinstance(exception, RoleRequired):
        roles = roles_that(exception)
        refusal = REFUSALS.get(exception.capability)
        if refusal:
            message = str(refusal)
        else:
            message = _("Halaman ini hanya untuk peran tertentu, dan peran akun Anda tidak termasuk.")
    elif str(exception):
        message = str(exception)
    else:
        message = _(
            "Akun Anda tidak berwenang membuka halaman ini. Bila Anda memerlukannya untuk tugas Anda, "
            "hubungi admin Disperinaker."
        )
    # The page lists the roles below the message; the API's one sentence names them.
    named = _("Peran yang dapat membukanya: %(roles)s.") % {"roles": ", ".join(roles)} if roles else ""
    user = request.user
    return error_page(
        request,
        status=403,
        title=_("Anda tidak berwenang membuka halaman ini"),
        message=message,
        api_message=f"{message} {named}".strip(),
        roles=roles,
        current_role=user.get_role_display() if getattr(user, "is_authenticated", False) else "",  # type: ignore[union-attr]
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(
        request,
        status=404,
        title=_("Halaman tidak ditemukan"),
        message=_(
            "Halaman atau data yang Anda cari tidak ada, sudah dipindah, atau berada di luar wilayah kerja Anda. "
            "Periksa alamatnya, atau mulai lagi dari menu."
        ),
        api_message=_("Alamat API ini tidak ada. Daftar alamatnya ada di /api/schema/."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """500 from a template that needs no request, context processor or database."""
    if _is_api(request):
        return JsonResponse({"detail": _("Terjadi kesalahan di server. Coba lagi beberapa saat lagi.")}, status=500)
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent from a page too old, or without the cookie."""
    return error_page(
        request,
        status=403,
        title=_("Formulir tidak dapat dikirim"),
        message=_(
            "Demi keamanan, formulir ini ditolak: halamannya sudah terlalu lama terbuka, Anda sudah keluar dan "
            "masuk lagi, atau peramban Anda memblokir cookie. Kembali ke halaman tadi, muat ulang, lalu kirim lagi."
        ),
    )


def _wait(response: HttpResponse) -> str:
    """A 429's Retry-After (seconds) as people say it; empty when not known."""
    try:
        seconds = int(response.get("Retry-After", ""))
    except ValueError:
        return ""
    if seconds < 60:
        return _("%(seconds)s detik") % {"seconds": max(seconds, 1)}
    return duration(timedelta(seconds=60 * math.ceil(seconds / 60)))


class ErrorPageMiddleware:
    """A page for a non-API 405 or 429 answered with an empty body
    (`require_POST`'s HttpResponseNotAllowed; a throttle's bare answer,
    whose Retry-After then says when to try again)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)
        if response.status_code not in (405, 429) or _is_api(request) or getattr(response, "streaming", False):
            return response
        if response.content:
            return response
        if response.status_code == 405:
            only_forms = response.get("Allow", "").replace(" ", "") == "POST"
            page = error_page(
                request,
                status=405,
                title=_("Cara membuka halaman ini tidak diterima"),
                message=_(
                    "Alamat ini hanya menerima kiriman formulir dari tombol di halamannya; alamat ini tidak dapat "
                    "dibuka langsung. Kembali ke halaman tadi dan gunakan tombolnya."
                )
                if only_forms
                else _(
                    "Alamat ini tidak menerima cara pengiriman ini. Kembali ke halaman tadi dan gunakan tombol "
                    "atau tautan di sana."
                ),
            )
            if "Allow" in response:
                page["Allow"] = response["Allow"]
            return page
        wait = _wait(response)
        page = error_page(
            request,
            status=429,
            title=_("Terlalu banyak permintaan"),
            message=(
                _("Anda mengirim terlalu banyak permintaan dalam waktu singkat. Coba lagi dalam %(wait)s.")
                % {"wait": wait}
                if wait
                else _("Anda mengirim terlalu banyak permintaan dalam waktu singkat. Tunggu sebentar, lalu coba lagi.")
            ),
        )
        if "Retry-After" in response:
            page["Retry-After"] = response["Retry-After"]
        return page
