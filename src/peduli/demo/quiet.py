"""The demo is built quietly: the notifications its services create (a
sponsor told that a worker lapsed, an operator reminded of a report) stay in
the users' inboxes, where the demo's logins read them, and the outgoing
backend that would print or e-mail each one is `SilentBackend`, which sends
nothing.

Why a backend of its own and not Django's locmem e-mail backend: the console
backend prints directly, not through e-mail, so only the notification backend
setting can quiet it; and a backend that keeps nothing is all the demo needs.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import transaction
from django.test.utils import override_settings

from peduli.notifications.models import Notification


class SilentBackend:
    """A notification backend that sends nothing: the inbox is the record."""

    def send(self, notifications: Sequence[Notification]) -> None:
        return None


SILENT_BACKEND = f"{SilentBackend.__module__}.{SilentBackend.__qualname__}"


@contextmanager
def notifications_kept_in_inbox() -> Iterator[None]:
    """Run the block in a transaction whose notifications go to no backend.

    The backend takes a notification when its transaction commits, so the
    transaction is opened inside the override: when the block is the outermost
    transaction (the `peduli demo` command), it commits while the override holds.
    """
    with override_settings(NOTIFICATION_BACKEND=SILENT_BACKEND), transaction.atomic():
        yield
