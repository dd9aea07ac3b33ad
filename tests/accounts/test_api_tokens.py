"""API tokens as a bank would keep them: issued for a username and password
(one answer for a wrong password and an unknown account), listed and revoked
by their owner on the page, the API and the command, refused once past their
lifetime, and refused after a password change however it was made."""

from collections.abc import Callable
from datetime import timedelta
from io import StringIO

import time_machine
from django.core.management import call_command
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from peduli.accounts.models import User
from tests.support.browser import PASSWORD
from tests.support.clients import client_for

TOKEN_URL = "/api/v1/auth/token/"


def issue(username: str, password: str = PASSWORD) -> APIClient:
    """An API client carrying a token issued for `username`."""
    response = APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json")
    assert response.status_code == 201, response.json()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def test_a_token_is_issued_for_the_right_password_only_and_says_nothing_about_who_exists(admin: User) -> None:
    wrong = APIClient().post(TOKEN_URL, {"username": admin.username, "password": "salah"}, format="json")
    unknown = APIClient().post(TOKEN_URL, {"username": "tidak-ada", "password": "salah"}, format="json")

    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json() == {"non_field_errors": ["NIP/nama pengguna atau kata sandi salah."]}
    client = issue(admin.username)
    assert client.get("/api/v1/auth/tokens/").status_code == 200
    assert AuthToken.objects.get(user=admin).digest != ""  # stored as a hash only


def test_a_token_past_its_lifetime_is_refused_in_indonesian(admin: User) -> None:
    client = issue(admin.username)

    with time_machine.travel(timezone.now() + timedelta(days=31), tick=False):
        response = client.get("/api/v1/auth/tokens/")

    assert response.status_code == 401
    assert response.json()["detail"] == "Token API tidak dikenal atau sudah kedaluwarsa. Minta token baru."


def test_a_password_change_on_the_page_kills_the_old_tokens(admin: User) -> None:
    client = issue(admin.username)
    new_password = "Ganti#Kuat2027"

    changed = client_for(admin).post(
        "/akun/kata-sandi/", {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password}
    )

    assert changed.status_code == 302
    refused = client.get("/api/v1/auth/tokens/")
    assert refused.status_code == 401
    assert issue(admin.username, new_password).get("/api/v1/auth/tokens/").status_code == 200


def test_a_password_set_by_any_other_way_kills_them_too(admin: User) -> None:
    client = issue(admin.username)
    admin.set_password("Lain#Kuat2027")
    admin.save()

    assert client.get("/api/v1/auth/tokens/").status_code == 401


def test_the_owner_lists_and_revokes_tokens_over_the_api(admin: User, user_factory: Callable[..., User]) -> None:
    first, second = issue(admin.username), issue(admin.username)
    other = user_factory("leader")
    issue(other.username)

    listed = first.get("/api/v1/auth/tokens/").json()
    assert len(listed) == 2 and set(listed[0]) == {"token_key", "created", "expiry"}
    others_key = AuthToken.objects.get(user=other).token_key
    assert first.delete(f"/api/v1/auth/tokens/{others_key}/").status_code == 404  # not theirs
    assert first.delete(f"/api/v1/auth/tokens/{listed[0]['token_key']}/").status_code == 204
    assert first.post("/api/v1/auth/tokens/revoke-all/").json() == {"revoked": 1}
    assert second.get("/api/v1/auth/tokens/").status_code == 401
    assert AuthToken.objects.filter(user=other).count() == 1


def test_the_page_issues_a_token_once_and_revokes_it(admin: User) -> None:
    client = client_for(admin)

    page = client.post("/akun/token/", {"issue": "1"})
    token = AuthToken.objects.get(user=admin)
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    html = page.content.decode()
    assert "hanya ditampilkan sekali" in html and f"{token.token_key}…" in html
    assert "Token baru dibuat" not in client.get("/akun/token/").content.decode()

    revoked = client.post(f"/akun/token/{token.token_key}/cabut/")
    assert revoked.status_code == 302 and not AuthToken.objects.filter(user=admin).exists()


def test_the_command_issues_lists_and_revokes(admin: User) -> None:
    out = StringIO()
    call_command("api_token", "issue", admin.username, stdout=out)
    raw = out.getvalue().splitlines()[0]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    assert client.get("/api/v1/auth/tokens/").status_code == 200

    listed = StringIO()
    call_command("api_token", "list", admin.username, stdout=listed)
    assert listed.getvalue().startswith(raw[:15])
    call_command("api_token", "revoke", admin.username, "--all", stdout=StringIO())
    assert client.get("/api/v1/auth/tokens/").status_code == 401


def test_ten_tokens_at_most(admin: User) -> None:
    for _n in range(10):
        AuthToken.objects.create(user=admin)

    client = client_for(admin)
    page = client.post("/akun/token/", {"issue": "1"}, follow=True)
    assert "Paling banyak 10 token API aktif" in page.content.decode()
    assert AuthToken.objects.filter(user=admin).count() == 10


def test_asking_for_tokens_is_throttled_per_client_address(admin: User) -> None:
    # Other usernames each time: the lockout counts per username, this counts per address.
    client = APIClient(REMOTE_ADDR="192.0.2.8")
    answers = [client.post(TOKEN_URL, {"username": f"tebakan{n}", "password": "salah"}).status_code for n in range(11)]

    assert answers == [400] * 10 + [429]
    assert APIClient(REMOTE_ADDR="192.0.2.9").post(TOKEN_URL, {"username": "x", "password": "y"}).status_code == 400


def test_the_lockout_guards_the_token_endpoint_too(admin: User) -> None:
    client = APIClient(REMOTE_ADDR="192.0.2.10")
    answers = [client.post(TOKEN_URL, {"username": admin.username, "password": "salah"}).status_code for _n in range(6)]

    assert answers == [400] * 4 + [429, 429]  # the fifth failure locks (AXES_FAILURE_LIMIT)
    assert client.post(TOKEN_URL, {"username": admin.username, "password": PASSWORD}).status_code == 429
