"""Recording who read or exported personal data."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from peduli.core.models import AccessLog


def access_log_record(
    *,
    user: AbstractBaseUser | AnonymousUser,
    action: str,
    subject: str,
    object_id: object = "",
    row_count: int = 1,
    detail: str = "",
) -> AccessLog:
    """Append one entry to the access log; never raises for an anonymous user."""
    return AccessLog.objects.create(
        user_id=user.pk if user.is_authenticated else None,
        action=action,
        subject=subject,
        object_id=str(object_id),
        row_count=row_count,
        detail=detail[:255],
    )
