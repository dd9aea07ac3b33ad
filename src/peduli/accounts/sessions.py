"""The browsers signed in as each user (issue 15 point 4): recorded at
login, touched as they are used, forgotten at logout, and ended from the
owner's profile (one of them, or every one but this).

Sessions live in Django's session table; `SignedInSession` only says whose
each is and on what device, so the profile can list them without decoding
every session. A row whose session expired is not listed and is cleared by
`clearsessions`' own sweep of the session table (`signed_in_sessions_of`
joins on live sessions)."""

import re
from datetime import timedelta
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.accounts.client_address import client_address
from peduli.accounts.models import SignedInSession, User
from peduli.core.errors import ApplicationError

# A session is seen again at most this often: the session remembers when it
# was last recorded, so a request in between writes nothing at all.
TOUCH_EVERY = timedelta(minutes=5)
SEEN_KEY = "peduli_seen_at"

_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser", "Samsung Internet"), ("Firefox/", "Firefox"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari"))  # fmt: skip
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
            ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))  # fmt: skip


def device_of(user_agent: str) -> str:
    """ "Chrome di Android" from a browser's User-Agent, as people name a device."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    if browser and system:
        return _("%(browser)s di %(system)s") % {"browser": browser, "system": system}
    return browser or system or re.sub(r"[^\w ./-]", "", user_agent)[:60] or _("perangkat tidak dikenal")


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if request is None or session is None:
        return
    if session.session_key is None:
        session.save()
    session[SEEN_KEY] = timezone.now().timestamp()
    SignedInSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={"user": user, "started_at": timezone.now(), "last_seen_at": timezone.now(),
                  "address": client_address(request)[:64],
                  "device": device_of(request.headers.get("User-Agent", ""))[:100]},
    )  # fmt: skip


@receiver(user_logged_out)
def _signed_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        SignedInSession.objects.filter(session_key=session.session_key).delete()


class SessionSeenMiddleware:
    """Keeps each signed-in session's "last active" within five minutes, and
    its record on the session's new key when a request cycled it (a password
    change, signing out elsewhere: `update_session_auth_hash`)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        before = session.session_key if session is not None else None
        response: HttpResponse = self.get_response(request)
        user = getattr(request, "user", None)
        if session is not None and session.session_key and user is not None and user.is_authenticated:
            if before and before != session.session_key:
                SignedInSession.objects.filter(session_key=before, user_id=user.pk).update(
                    session_key=session.session_key
                )
            now = timezone.now()
            if now.timestamp() - float(session.get(SEEN_KEY, 0)) >= TOUCH_EVERY.total_seconds():
                SignedInSession.objects.filter(session_key=session.session_key, user_id=user.pk).update(
                    last_seen_at=now
                )
                session[SEEN_KEY] = now.timestamp()
        return response


def signed_in_sessions_of(user: User) -> QuerySet[SignedInSession]:
    """The user's sessions that still let a browser in, the latest first."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return SignedInSession.objects.filter(user=user, session_key__in=live).order_by("-last_seen_at", "-pk")


@transaction.atomic
def signed_in_session_end(*, user: User, pk: int, current_key: str | None = None) -> SignedInSession:
    """Sign one of the user's browsers out (not the one asking: that is "Keluar")."""
    found = SignedInSession.objects.filter(user=user, pk=pk).first()
    if found is None:
        raise ApplicationError(_("Sesi itu tidak ditemukan atau sudah berakhir."), code="not_found")
    if current_key is not None and found.session_key == current_key:
        raise ApplicationError(_("Ini sesi yang sedang Anda pakai; keluar lewat menu Keluar."))
    Session.objects.filter(session_key=found.session_key).delete()
    found.delete()
    return found


@transaction.atomic
def signed_in_sessions_end(*, user: User, keep_key: str | None = None) -> int:
    """Sign every browser of the user out but `keep_key`'s; how many."""
    others = SignedInSession.objects.filter(user=user)
    if keep_key is not None:
        others = others.exclude(session_key=keep_key)
    Session.objects.filter(session_key__in=others.values("session_key")).delete()
    ended, _rows = others.delete()
    return int(ended)
