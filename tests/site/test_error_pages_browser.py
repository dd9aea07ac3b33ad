"""The error pages in Chromium at a phone's and a desktop's width: styled,
Indonesian, nothing sticking out sideways, no script refused by the
Content-Security-Policy. Screenshots land in screenshots/error-*.png for a
human to look at (issue 15 point 6)."""

from collections.abc import Callable

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from playwright.sync_api import Browser, Page, Route
from pytest_django.live_server_helper import LiveServer

from peduli.accounts.models import Role, User
from peduli.site.errors import ErrorPageMiddleware, server_error
from tests.support.browser import BROWSER_MARKS, PASSWORD, SHOTS, WIDEST, log_in, no_horizontal_overflow

pytestmark = BROWSER_MARKS
WIDTHS = {360: 740, 1280: 800}
# 1,001 query fields: more than Django reads (DATA_UPLOAD_MAX_NUMBER_FIELDS), a 400.
TOO_MANY_FIELDS = "?" + "&".join(f"f{n}=1" for n in range(1001))


def _shown(page: Page, name: str, width: int, heading: str) -> None:
    page.get_by_role("heading", name=heading).wait_for()
    assert no_horizontal_overflow(page), page.evaluate(WIDEST)
    page.screenshot(path=str(SHOTS / f"error-{name}-{width}.png"), full_page=True)


def _serve(page: Page, url: str, response: HttpResponse) -> None:
    """Have `url` answered by a response Peduli rendered (for the 500 and 429,
    which no page of the site can be made to give on purpose)."""

    def fulfil(route: Route) -> None:
        route.fulfill(status=response.status_code, body=response.content, content_type=response["Content-Type"])

    page.route(url, fulfil)


@pytest.mark.django_db(transaction=True)
def test_every_error_page_is_styled_indonesian_and_fits_a_phone(
    live_server: LiveServer, browser: Browser, admin: User, user_factory: Callable[..., User]
) -> None:
    SHOTS.mkdir(exist_ok=True)
    officer = user_factory(Role.BPJS_OFFICER)
    request = RequestFactory().get("/")
    request.user = admin
    throttled = ErrorPageMiddleware(lambda _r: HttpResponse(status=429, headers={"Retry-After": "120"}))(request)
    base = live_server.url
    for width, height in WIDTHS.items():
        page = browser.new_page(viewport={"width": width, "height": height})
        log_in(page, base, admin.username, PASSWORD)
        page.get_by_role("heading", name="Selamat datang").wait_for()

        page.goto(f"{base}/tidak-ada-di-sini/", referer=f"{base}/pekerja/")  # as a link from there
        _shown(page, "404", width, "Halaman tidak ditemukan")
        page.get_by_role("link", name="Kembali ke halaman sebelumnya").click()
        page.get_by_role("heading", name="Pekerja Rentan").wait_for()

        page.goto(f"{base}/laporan/bulanan/ingatkan/")
        _shown(page, "405", width, "Cara membuka halaman ini tidak diterima")

        page.goto(f"{base}/{TOO_MANY_FIELDS}")
        _shown(page, "400", width, "Permintaan tidak dapat diproses")

        _serve(page, f"{base}/contoh-429/", throttled)
        page.goto(f"{base}/contoh-429/")
        _shown(page, "429", width, "Terlalu banyak permintaan")

        _serve(page, f"{base}/contoh-500/", server_error(RequestFactory().get("/contoh-500/")))
        page.goto(f"{base}/contoh-500/")
        _shown(page, "500", width, "Terjadi kesalahan di server")
        page.get_by_role("link", name="Ke beranda").click()
        page.get_by_role("heading", name="Selamat datang").wait_for()

        guard = browser.new_page(viewport={"width": width, "height": height})
        log_in(guard, base, officer.username, PASSWORD)
        guard.get_by_role("heading", name="Selamat datang").wait_for()
        guard.goto(f"{base}/iuran/")
        _shown(guard, "403", width, "Anda tidak berwenang membuka halaman ini")

        stale = browser.new_page(viewport={"width": width, "height": height})
        stale.goto(f"{base}/akun/masuk/")
        stale.context.clear_cookies()  # as if the form's cookie had gone
        stale.get_by_label("NIP atau nama pengguna").fill(admin.username)
        stale.get_by_label("Kata sandi").fill(PASSWORD)
        stale.get_by_role("button", name="Masuk").click()
        _shown(stale, "csrf", width, "Formulir tidak dapat dikirim")
