"""Guards for views: who may open a page at all, by the role matrix. What they
then see is decided by the selectors (out of scope → 404)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from peduli.accounts.roles import Capability, may

View = Callable[..., HttpResponse]


def roles_required(capability: Capability) -> Callable[[View], View]:
    """Log in first; then 403 for a role that lacks the capability."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not may(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
