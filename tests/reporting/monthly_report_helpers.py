"""Helpers the monthly report tests share: the people on both sides of a report."""

from typing import Any

from django.test import Client

from peduli.regions.models import Region


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def reporters(user_factory: Any, agencies: dict[str, Any]) -> dict[str, Any]:
    """An operator of the health office, one of the education office, and the
    Kendal district's operator (who reports for its district office)."""
    return {
        "dinkes": user_factory("agency_operator", agency=agencies["dinkes"]),
        "disdik": user_factory("agency_operator", agency=agencies["disdik"]),
        "camat": user_factory("district_operator", district=Region.objects.get(code="33.24.15")),
    }
