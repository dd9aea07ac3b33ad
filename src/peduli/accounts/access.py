"""Guards for views: who may open a page at all. What they then see is decided
by the selectors (out of scope → 404)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from peduli.accounts.scoping import has_role

View = Callable[..., HttpResponse]


def roles_required(roles: frozenset[str]) -> Callable[[View], View]:
    """Log in first; then 403 for a role that has no business on the page."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
