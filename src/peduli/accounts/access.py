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


class RoleRequired(PermissionDenied):
    """A 403 for a role that lacks `capability`: the error page names the
    roles that have it (site.errors)."""

    def __init__(self, capability: Capability) -> None:
        super().__init__(capability.value)
        self.capability = capability


def require_capability(request: HttpRequest, capability: Capability) -> None:
    """Inside a view: 403 (RoleRequired) unless the user's role has the capability."""
    if not may(request.user, capability):
        raise RoleRequired(capability)


def roles_required(capability: Capability) -> Callable[[View], View]:
    """Log in first; then 403 for a role that lacks the capability."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require_capability(request, capability)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
