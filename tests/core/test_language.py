"""The language switch (issue 15 point 7): Indonesian for everyone until a
person chooses English with the switch in the layout, whatever their
browser's own language; dates and month names follow the choice."""

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format

from peduli.accounts.models import User
from peduli.core.forms import DateField, MonthSelect
from peduli.core.months import YearMonth
from peduli.ledger.calendar import days_off
from peduli.regions.models import Region
from tests.support.clients import client_for

LOGIN = "/akun/masuk/"


def _switch(client: Client, language: str, back: str = LOGIN) -> None:
    response = client.post("/bahasa/", {"language": language, "next": back})
    assert response.status_code == 302 and response["Location"] == back


@pytest.mark.django_db
def test_a_fresh_browser_gets_indonesian_even_when_it_asks_for_english() -> None:
    response = Client().get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert '<html lang="id">' in page and "Masuk ke Peduli" in page and "Log in to Peduli" not in page
    assert response["Content-Language"] == "id"
    # The switch is on the login page: a form posting to Django's set_language, no script.
    assert 'action="/bahasa/"' in page and 'name="csrfmiddlewaretoken"' in page
    assert 'name="language" value="en"' in page and 'name="language" value="id"' in page
    # Each language named in its own words (Django would say "Inggris" on an Indonesian page).
    assert ">English</button>" in page and ">Bahasa Indonesia</button>" in page


@pytest.mark.django_db
def test_choosing_english_turns_the_login_page_english_and_back() -> None:
    client = Client()
    _switch(client, "en")
    cookie = client.cookies["peduli_language"]
    assert cookie.value == "en" and cookie["httponly"] and cookie["samesite"] == "Lax"
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="id")
    page = response.content.decode()
    assert '<html lang="en">' in page and "Log in to Peduli" in page and "Masuk ke Peduli" not in page
    assert "Forgot your password?" in page and response["Content-Language"] == "en"

    _switch(client, "id")
    assert "Masuk ke Peduli" in client.get(LOGIN).content.decode()


@pytest.mark.django_db
def test_a_cookie_for_a_language_peduli_does_not_speak_falls_back_to_indonesian() -> None:
    client = Client()
    client.cookies["peduli_language"] = "fr"
    assert "Masuk ke Peduli" in client.get(LOGIN).content.decode()


@pytest.mark.django_db
def test_the_home_page_of_a_logged_in_user_follows_the_switch(user_factory: Callable[..., User]) -> None:
    client = client_for(user_factory("regency_admin"))
    assert "Selamat datang" in client.get("/").content.decode()
    _switch(client, "en", back="/")
    page = client.get("/").content.decode()
    assert "Welcome" in page and "Selamat datang" not in page
    assert "Log out" in page and "Keluar" not in page
    # Nothing leaks into the next request of the same thread (a test, a command).
    assert translation.get_language() == "id"


def test_dates_and_months_are_written_in_the_chosen_language() -> None:
    day = date(2026, 12, 2)
    assert date_format(day, "l, j F Y") == "Rabu, 2 Desember 2026"
    assert YearMonth(2026, 12).label == "Desember 2026"
    with translation.override("en"):
        assert date_format(day, "l, j F Y") == "Wednesday, 2 December 2026"
        assert YearMonth(2026, 5).label == "May 2026"
        picker = MonthSelect(back=1, ahead=0).render("bulan", "2026-12")
        assert ">December 2026</option>" in picker and ">November 2026</option>" in picker
    assert ">Desember 2026</option>" in MonthSelect(back=1, ahead=0).render("bulan", "2026-12")


@pytest.mark.django_db
def test_holiday_names_follow_the_chosen_language(kendal: Region) -> None:
    independence = date(2026, 8, 17)
    assert days_off(independence, independence, regency_id=kendal.pk)[independence] == (
        "Hari Kemerdekaan Republik Indonesia"
    )
    with translation.override("en"):
        assert days_off(independence, independence, regency_id=kendal.pk)[independence] == "Independence Day"


def test_a_date_field_asks_for_the_date_in_the_chosen_language() -> None:
    assert 'placeholder="hh/bb/tttt"' in DateField().widget.render("lahir", None)
    with translation.override("en"):
        assert 'placeholder="dd/mm/yyyy"' in DateField().widget.render("lahir", None)
