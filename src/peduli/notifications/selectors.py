from django.db.models import QuerySet

from peduli.accounts.models import User
from peduli.notifications.models import Notification


def notification_queryset_for(user: User) -> QuerySet[Notification]:
    """A user sees only their own inbox."""
    return Notification.objects.filter(user=user)


def unread_count(user: User) -> int:
    return notification_queryset_for(user).filter(read_at__isnull=True).count()
