"""A person in a real browser: logs in with a NIP-less username, walks the main
pages, searches the roster, and a phone-sized screen still works. Screenshots
land in screenshots/ for a human to look at."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from peduli.accounts.models import User
from peduli.agencies.models import CivilServant
from tests.support.browser import BROWSER_MARKS, SHOTS, WIDEST, log_in, no_horizontal_overflow

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True)
def test_labour_office_walks_the_main_pages(
    live_server: LiveServer,
    browser: Browser,
    person_factory: Callable[..., CivilServant],
    user_factory: Callable[..., User],
) -> None:
    SHOTS.mkdir(exist_ok=True)
    person = person_factory("dinkes", name="Siti Rahayu")
    person_factory("disdik", name="Budi Santoso")
    admin = user_factory("regency_admin")
    admin.set_password("Rahasia#Kuat2026")
    admin.save()

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, live_server.url, admin.username, "Rahasia#Kuat2026")
    page.get_by_role("heading", name="Selamat datang").wait_for()
    page.screenshot(path=str(SHOTS / "dashboard-1280.png"), full_page=True)

    page.get_by_role("link", name="Data ASN").first.click()
    page.get_by_role("heading", name="Data ASN").wait_for()
    page.wait_for_load_state()  # htmx (a deferred script) listens from the load event on
    page.get_by_role("searchbox").fill("Siti")
    expect(page.get_by_role("link", name="Budi Santoso")).to_have_count(0)  # htmx swapped the results
    # The address keeps the search for reloading, as a token: what was typed never goes in a URL.
    expect(page).to_have_url(re.compile(r"/asn/\?cari=[\w-]+$"))
    page.reload()
    expect(page.get_by_role("searchbox")).to_have_value("Siti")
    expect(page.get_by_role("link", name="Budi Santoso")).to_have_count(0)
    page.screenshot(path=str(SHOTS / "list-1280.png"), full_page=True)

    page.get_by_role("link", name="Siti Rahayu").click()
    page.get_by_role("tab", name="Riwayat").click()
    page.locator("#history").wait_for()
    assert person.nip in page.content()

    page.goto(f"{live_server.url}/asn/baru/")
    page.get_by_label("NIP").fill("198503172010033004")
    page.get_by_role("button", name="Simpan").click()
    page.locator(".invalid-feedback").first.wait_for()
    page.screenshot(path=str(SHOTS / "form-errors-1280.png"), full_page=True)

    phone = browser.new_page(viewport={"width": 360, "height": 740})
    log_in(phone, live_server.url, admin.username, "Rahasia#Kuat2026")
    phone.screenshot(path=str(SHOTS / "dashboard-360.png"), full_page=True)
    phone.get_by_role("button", name="Buka menu").click()
    phone.get_by_role("link", name="Data ASN", exact=True).click()
    phone.get_by_role("heading", name="Data ASN").wait_for()
    # Nothing may stick out sideways on a phone.
    assert no_horizontal_overflow(phone), phone.evaluate(WIDEST)
    phone.screenshot(path=str(SHOTS / "list-360.png"), full_page=True)
    phone.goto(f"{live_server.url}/asn/baru/")
    assert no_horizontal_overflow(phone), phone.evaluate(WIDEST)
    phone.screenshot(path=str(SHOTS / "form-360.png"), full_page=True)
