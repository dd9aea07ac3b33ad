"""The language switch in a real browser on a phone: the login page's
English button turns the page English, the choice holds after logging in,
and the footer's Indonesian button turns it back. Screenshots go to
screenshots/ for a human to look at."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from peduli.accounts.models import User
from tests.support.browser import BROWSER_MARKS, PASSWORD, SHOTS, no_horizontal_overflow

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True)
def test_a_phone_user_switches_to_english_on_the_login_page_and_back(
    live_server: LiveServer, browser: Browser, user_factory: Callable[..., User]
) -> None:
    SHOTS.mkdir(exist_ok=True)
    admin = user_factory("regency_admin")
    # An English browser still gets Indonesian until the person chooses.
    page = browser.new_page(viewport={"width": 360, "height": 740}, locale="en-US")
    page.goto(f"{live_server.url}/akun/masuk/")
    expect(page.get_by_role("heading", name="Masuk ke Peduli")).to_be_visible()
    switch = page.get_by_role("group", name="Bahasa")
    expect(switch.get_by_role("button", name="Bahasa Indonesia")).to_have_attribute("aria-pressed", "true")
    assert no_horizontal_overflow(page)

    switch.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Log in to Peduli")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert no_horizontal_overflow(page)
    page.screenshot(path=str(SHOTS / "login-english-360.png"), full_page=True)

    page.get_by_label("NIP or username").fill(admin.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", name="Welcome")).to_be_visible()
    assert no_horizontal_overflow(page)
    page.screenshot(path=str(SHOTS / "home-english-360.png"), full_page=True)

    page.get_by_role("group", name="Language").get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.get_by_role("heading", name="Selamat datang")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "id")
