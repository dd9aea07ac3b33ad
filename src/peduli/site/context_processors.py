from django.conf import settings
from django.http import HttpRequest

from peduli.notifications.selectors import unread_count
from peduli.site.navigation import menu_for


def shell(request: HttpRequest) -> dict[str, object]:
    """What the base layout needs on every page: the instance's name, the
    menu for the user's role and the number of unread notifications."""
    user = request.user
    menu = menu_for(getattr(user, "role", ""), is_superuser=user.is_superuser) if user.is_authenticated else []
    current = getattr(getattr(request, "resolver_match", None), "view_name", "")
    return {
        "instance_name": settings.PEDULI_INSTANCE_NAME,
        "menu": [(item, item.is_active(current or "")) for item in menu],
        "unread_count": unread_count(user) if user.is_authenticated else 0,  # type: ignore[arg-type]
    }
