"""Two-factor login for the roles that change money or personal data in
bulk: after the password, such a user sets up an authenticator once and
gives its code at each login; until then every page sends them there; an
API token needs a code too; a civil servant is never asked."""

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from peduli.accounts.models import User
from peduli.agencies.models import CivilServant
from tests.support.browser import PASSWORD


@pytest.fixture(autouse=True)
def two_factor_on(settings: Settings) -> None:
    settings.PEDULI_TWO_FACTOR = True
    # django-otp makes a device wait 1 s, 2 s, 4 s … after each wrong code; a test tries right after one.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def logged_in(user: User) -> Client:
    client = Client()
    assert client.post("/akun/masuk/", {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def test_an_administrator_sets_up_the_authenticator_before_any_page(admin: User) -> None:
    client = logged_in(admin)

    first = client.get("/pekerja/")
    assert first.status_code == 302 and first["Location"] == "/akun/2fa/pasang/?next=%2Fpekerja%2F"
    setup = client.get(first["Location"])
    assert "<svg" in setup.content.decode() and setup["Cache-Control"] == "no-store"
    device = TOTPDevice.objects.get(user=admin, confirmed=False)

    wrong = client.post(first["Location"], {"code": "000000"})
    assert "Kode salah atau sudah lewat" in wrong.content.decode()
    done = client.post(first["Location"], {"code": code_of(device)})
    assert done.status_code == 302 and done["Location"] == "/pekerja/"
    assert client.get("/pekerja/").status_code == 200


def test_the_next_login_asks_for_a_code(admin: User) -> None:
    device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    client = logged_in(admin)

    asked = client.get("/")
    assert asked["Location"].startswith("/akun/2fa/?next=")
    assert client.post("/akun/2fa/?next=/pekerja/", {"code": "123"}).status_code == 200  # refused, asked again
    assert client.get("/pekerja/").status_code == 302
    assert client.post("/akun/2fa/?next=https://contoh.invalid/", {"code": code_of(device)})["Location"] == "/"
    assert client.get("/pekerja/").status_code == 200


def test_a_civil_servant_is_never_asked(
    user_factory: Callable[..., User], person_factory: Callable[..., CivilServant]
) -> None:
    civil_servant = user_factory("civil_servant", civil_servant=person_factory())

    assert logged_in(civil_servant).get("/saya/").status_code == 200


def test_an_api_token_for_such_a_role_needs_a_code(admin: User) -> None:
    body = {"username": admin.username, "password": PASSWORD}
    not_set_up = APIClient().post("/api/v1/auth/token/", body, format="json")
    assert not_set_up.status_code == 400 and "Pasang autentikasi dua langkah" in not_set_up.json()["otp"][0]

    device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    assert APIClient().post("/api/v1/auth/token/", body, format="json").status_code == 400
    with_code = APIClient().post("/api/v1/auth/token/", {**body, "otp": code_of(device)}, format="json")
    assert with_code.status_code == 201


def test_the_command_resets_a_lost_phone(admin: User) -> None:
    TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    out = StringIO()

    call_command("two_factor", "reset", admin.username, stdout=out)
    call_command("two_factor", "status", admin.username, stdout=out)

    assert "1 autentikator" in out.getvalue() and "wajib, belum dipasang" in out.getvalue()
    assert logged_in(admin).get("/")["Location"].startswith("/akun/2fa/pasang/")


def test_off_by_setting(settings: Settings, admin: User) -> None:
    settings.PEDULI_TWO_FACTOR = False

    assert logged_in(admin).get("/pekerja/").status_code == 200
