"""Where a notification goes besides the in-app inbox. The backend is a dotted
path in settings.NOTIFICATION_BACKEND; an SMS gateway is one more class with
`send`."""

from collections.abc import Sequence
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from peduli.notifications.models import Notification


class Backend(Protocol):
    def send(self, notifications: Sequence[Notification]) -> None: ...


class ConsoleBackend:
    """Writes each message to standard output (the default: nothing leaves the machine)."""

    def send(self, notifications: Sequence[Notification]) -> None:
        for item in notifications:
            print(f"[pemberitahuan] {item.user} — {item.title}: {item.body}")


class EmailBackend:
    """Sends each message by email through Django's EMAIL_* settings, to
    those who asked for e-mail and proved the address (`users.profile`)."""

    def send(self, notifications: Sequence[Notification]) -> None:
        for item in notifications:
            if item.user.email and item.user.notify_by_email and item.user.email_verified_at:
                send_mail(item.title, f"{item.body}\n\n{item.url}", None, [item.user.email], fail_silently=True)


def configured_backend() -> Backend:
    backend: Backend = import_string(settings.NOTIFICATION_BACKEND)()
    return backend
