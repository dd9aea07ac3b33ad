"""How long a login stays locked (django-axes' `AXES_COOLOFF_TIME`).

Five failures for one username from one address lock that pair — never the
username everywhere, so nobody can lock a real user out from elsewhere
(`accounts.client_address`). The first lock lasts PEDULI_LOCKOUT_MINUTES
(15); each further lock of the same pair within a day lasts twice as long
as the one before, up to a day: a guesser slows down to a few tries a day,
a person who mistyped waits minutes. Failing again while locked neither
starts a new lock nor lengthens this one.
"""

from datetime import timedelta
from typing import Any

from axes.helpers import get_client_username
from axes.signals import user_locked_out
from django.conf import settings
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from peduli.accounts.client_address import client_address
from peduli.accounts.models import LoginLockout

LONGEST = timedelta(days=1)


def _pair(request: HttpRequest) -> tuple[str, str]:
    username = get_client_username(request, getattr(request, "axes_credentials", None)) or ""
    return str(username), client_address(request)


def _length(locks: int) -> timedelta:
    """How long the `locks`-th lock within a day lasts."""
    first = timedelta(minutes=settings.PEDULI_LOCKOUT_MINUTES)
    return min(first * 2 ** max(locks - 1, 0), LONGEST)


def _locks_today(username: str, address: str) -> int:
    since = timezone.now() - LONGEST
    return LoginLockout.objects.filter(username=username, ip_address=address, started_at__gte=since).count()


def cool_off(request: HttpRequest | None = None) -> timedelta:
    if request is None:
        return _length(1)
    return _length(_locks_today(*_pair(request)))


@receiver(user_locked_out)
def lockout_record(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    """A new lock, unless the pair is still within the one it has (axes
    says "locked out" again at every try during a lock)."""
    username, address = _pair(request)
    locks = _locks_today(username, address)
    latest = LoginLockout.objects.filter(username=username, ip_address=address).order_by("-started_at").first()
    if latest is None or latest.started_at <= timezone.now() - _length(locks):
        LoginLockout.objects.create(username=username, ip_address=address)
