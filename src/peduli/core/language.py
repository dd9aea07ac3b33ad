"""The language of a page: Indonesian unless the user chose otherwise.

Django's LocaleMiddleware would follow the browser's Accept-Language, and
an office computer set up in English would then show Peduli in English to
people who expect Indonesian everywhere. Here only the choice made with the
language switch counts (Django's `set_language` view, which stores it in
the language cookie); without it the page is in LANGUAGE_CODE.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request: HttpRequest) -> str:
    """The language of the cookie when Peduli speaks it, else the default."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    try:
        return translation.get_supported_language_variant(chosen) if chosen else settings.LANGUAGE_CODE
    except LookupError:
        return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    """Activates the chosen language for the request (never the browser's)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        if not response.streaming:
            # Whatever runs next in this thread (a test, a command) starts
            # from the default again; a streamed body is still to be written.
            translation.deactivate()
        # A shared cache must not hand one user's language to another.
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
