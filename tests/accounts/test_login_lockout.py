"""The login lockout behind a reverse proxy: the address is the one the
trusted proxy saw, so an attacker guessing a real user's password from
elsewhere locks only themselves, a forged X-Forwarded-For changes nothing,
and failing again while locked does not keep the lock alive."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from peduli.accounts.models import User
from tests.support.browser import PASSWORD

PROXY = "10.0.0.2"
LOGIN = "/akun/masuk/"


@pytest.fixture
def behind_proxy(settings: Settings) -> None:
    settings.PEDULI_TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.AXES_FAILURE_LIMIT = 3


def attempt(user: User, password: str, *, forwarded: str, remote: str = PROXY) -> int:
    response = Client(REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded).post(
        LOGIN, {"username": user.username, "password": password}
    )
    return response.status_code


def test_an_attacker_behind_the_proxy_does_not_lock_the_real_user_out(behind_proxy: None, admin: User) -> None:
    attacker, real = "203.0.113.9", "198.51.100.7"
    assert [attempt(admin, "salah", forwarded=attacker) for _n in range(4)] == [200, 200, 429, 429]

    assert attempt(admin, PASSWORD, forwarded=attacker) == 429  # locked, even with the right password
    assert attempt(admin, PASSWORD, forwarded=real) == 302  # the real user, from their own address


def test_a_forged_forwarded_header_neither_escapes_nor_shifts_the_lockout(behind_proxy: None, admin: User) -> None:
    # The proxy appends what it saw; whatever the client wrote is further left.
    for n in range(3):
        attempt(admin, "salah", forwarded=f"198.51.100.{n}, 203.0.113.9")

    assert attempt(admin, PASSWORD, forwarded="198.51.100.99, 203.0.113.9") == 429
    assert attempt(admin, PASSWORD, forwarded="198.51.100.7") == 302


def test_without_a_trusted_proxy_the_header_is_ignored(settings: Settings, admin: User) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    for n in range(3):
        attempt(admin, "salah", forwarded=f"198.51.100.{n}", remote="192.0.2.5")

    assert attempt(admin, PASSWORD, forwarded="198.51.100.200", remote="192.0.2.5") == 429


def test_failing_again_while_locked_does_not_extend_the_lock(behind_proxy: None, admin: User) -> None:
    attacker = "203.0.113.9"
    for _n in range(3):
        attempt(admin, "salah", forwarded=attacker)
    with time_machine.travel(timezone.now() + timedelta(minutes=10), tick=False):
        assert attempt(admin, "salah", forwarded=attacker) == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        assert attempt(admin, PASSWORD, forwarded=attacker) == 302


def test_each_further_lock_within_a_day_lasts_twice_as_long(behind_proxy: None, admin: User) -> None:
    attacker, start = "203.0.113.9", timezone.now()

    def at(minutes: int, password: str) -> int:
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            return attempt(admin, password, forwarded=attacker)

    assert [at(0, "salah") for _n in range(3)] == [200, 200, 429]  # the first lock: 15 minutes
    page = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=attacker).post(
        LOGIN, {"username": admin.username, "password": "salah"}
    )
    assert page.status_code == 429 and "dikunci selama 15 menit" in page.content.decode()
    assert at(14, PASSWORD) == 429
    assert [at(16, "salah") for _n in range(3)] == [200, 200, 429]  # over, and locked again: 30 minutes
    assert at(16 + 29, PASSWORD) == 429
    assert [at(16 + 31, "salah") for _n in range(3)] == [200, 200, 429]  # the third: an hour
    assert at(47 + 59, PASSWORD) == 429
    assert at(47 + 61, PASSWORD) == 302
    # The real user, from their own address, was never locked.
    with time_machine.travel(start + timedelta(minutes=20), tick=False):
        assert attempt(admin, PASSWORD, forwarded="198.51.100.7") == 302


def test_a_day_later_the_lock_is_short_again(behind_proxy: None, admin: User) -> None:
    attacker, start = "203.0.113.9", timezone.now()
    for minutes in (0, 16):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            for _n in range(3):
                attempt(admin, "salah", forwarded=attacker)
    later = start + timedelta(days=1, minutes=30)
    with time_machine.travel(later, tick=False):
        assert [attempt(admin, "salah", forwarded=attacker) for _n in range(3)] == [200, 200, 429]
    with time_machine.travel(later + timedelta(minutes=16), tick=False):
        assert attempt(admin, PASSWORD, forwarded=attacker) == 302
