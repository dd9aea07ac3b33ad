"""Where a notification goes besides the in-app inbox. The backend is a dotted
path in settings.NOTIFICATION_BACKEND; an SMS gateway is one more class with
`send` and `deliver`.

`send` reaches users at the address they proved; `deliver` one message to an
address that is no user's verified one yet — only for what must reach a
person before they can sign in (the activation code to the roster's
e-mail, `users.onboarding`)."""

from collections.abc import Sequence
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from peduli.notifications.models import Notification


class Backend(Protocol):
    def send(self, notifications: Sequence[Notification]) -> None: ...

    def deliver(self, address: str, subject: str, body: str) -> bool:
        """Hand one message to `address`; whether it went."""
        ...


class ConsoleBackend:
    """Writes each message to standard output (the default: nothing leaves the machine)."""

    def send(self, notifications: Sequence[Notification]) -> None:
        for item in notifications:
            print(f"[pemberitahuan] {item.user} — {item.title}: {item.body}")

    def deliver(self, address: str, subject: str, body: str) -> bool:
        """One line, without the body (what it carries, a code, stays out of
        logs). Nothing went: the message waits for a backend that delivers."""
        print(f"[e-mail] {address} — {subject}")
        return False


class EmailBackend:
    """Sends each message by email through Django's EMAIL_* settings, to
    those who asked for e-mail and proved the address (`users.profile`)."""

    def send(self, notifications: Sequence[Notification]) -> None:
        for item in notifications:
            if item.user.email and item.user.notify_by_email and item.user.email_verified_at:
                send_mail(item.title, f"{item.body}\n\n{item.url}", None, [item.user.email], fail_silently=True)

    def deliver(self, address: str, subject: str, body: str) -> bool:
        return send_mail(subject, body, None, [address], fail_silently=True) == 1


def configured_backend() -> Backend:
    backend: Backend = import_string(settings.NOTIFICATION_BACKEND)()
    return backend
