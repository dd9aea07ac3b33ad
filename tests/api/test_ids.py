"""Numbers no 64-bit id can hold, found by the fuzz run: in a path they are
a 404 from the URL resolver, in a body a 400, never a database error."""

from rest_framework.test import APIClient

from peduli.accounts.models import User
from tests.support.clients import api_for

HUGE = 10**30


def test_an_id_past_64_bits_in_a_path_is_not_found(api: APIClient) -> None:
    assert api.get(f"/api/v1/workers/{HUGE}/").status_code == 404
    assert api.get("/api/v1/workers/9999999999999999999/").status_code == 404  # 19 digits


def test_an_id_past_64_bits_in_a_body_is_refused(admin: User) -> None:
    response = api_for(admin).post("/api/v1/notifications/mark-read/", {"ids": [HUGE]}, format="json")

    assert response.status_code == 400
    assert "ids" in response.json()
