"""The people on both sides of an agency's monthly report."""

from collections.abc import Callable

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.regions.models import Region


def reporters(user_factory: Callable[..., User], agencies: dict[str, Agency]) -> dict[str, User]:
    """An operator of the health office, one of the education office, and the
    Kendal district's operator (who reports for its district office)."""
    return {
        "dinkes": user_factory("agency_operator", agency=agencies["dinkes"]),
        "disdik": user_factory("agency_operator", agency=agencies["disdik"]),
        "camat": user_factory("district_operator", district=Region.objects.get(code="33.24.15")),
    }
