from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from peduli.accounts.models import User
from peduli.notifications.backends import configured_backend
from peduli.notifications.models import Notification


def notifications_send(*, users: Iterable[User], title: str, body: str = "", url: str = "") -> list[Notification]:
    """Put a message in each user's inbox and hand it to the outgoing backend
    once the transaction commits (a rolled-back change tells nobody)."""
    unique = {user.pk: user for user in users}
    created = Notification.objects.bulk_create(
        [Notification(user=user, title=title, body=body, url=url) for user in unique.values()]
    )
    transaction.on_commit(lambda: configured_backend().send(created))
    return created


def notifications_mark_read(*, actor: User, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own notifications read (all of them when ids is None)."""
    unread = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
