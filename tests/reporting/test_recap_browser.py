"""In a real browser: the labour office opens the recap from the menu and
downloads its PDF; anyone, logged in or not, opens the open data on a phone."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from peduli.accounts.models import User
from peduli.core.months import YearMonth
from peduli.regions.models import Region
from peduli.reporting.coverage.snapshots import snapshots_refresh
from peduli.reporting.models import InformalWorkerBaseline
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.support.browser import BROWSER_MARKS, log_in
from tests.support.records.ledger import pay

pytestmark = BROWSER_MARKS
SHOTS = Path("/tmp")


@pytest.mark.django_db(transaction=True)
def test_the_labour_office_downloads_the_recap_and_the_public_reads_open_data(
    live_server: LiveServer,
    browser: Browser,
    kendal: Region,
    admin: User,
    company: Sponsor,
    worker_factory: Callable[..., Worker],
) -> None:
    now = YearMonth.current()
    InformalWorkerBaseline.objects.create(regency=kendal, year=now.year, informal_workers=1_000, source="BPS")
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=now)
    pay(company, 16_800, "T-1")
    snapshots_refresh(regency=kendal)
    admin.set_password("Rahasia#Kuat2026")
    admin.save()

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server.url, admin.username, "Rahasia#Kuat2026")
    page.get_by_role("link", name="Rekap Bulanan").first.click()
    page.get_by_role("heading", name="Rekap Bulanan").wait_for()
    page.screenshot(path=str(SHOTS / "recap_page-1280.png"), full_page=True)
    pdf_link = page.get_by_role("link", name="Unduh PDF")
    with page.expect_download() as download:
        pdf_link.click()  # fetched by the page, which says the PDF is being made meanwhile
    assert download.value.suggested_filename == f"rekap-peduli-{now}-regency.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    expect(pdf_link).not_to_have_attribute("aria-busy", "true")
    # A server error is told in words, not a broken download.
    page.route("**/rekap/unduh.pdf*", lambda route: route.fulfill(status=500, body="galat"))
    pdf_link.click()
    expect(page.locator("[data-download-status]")).to_have_text(
        "PDF gagal disiapkan. Coba lagi; bila tetap gagal, hubungi admin Disperinaker."
    )

    visitor = browser.new_page(viewport={"width": 390, "height": 844})
    visitor.goto(f"{live_server.url}/laporan/data-terbuka/")
    visitor.get_by_role("heading", name="Data Terbuka").wait_for()
    visitor.get_by_text("Kamus data").first.click()
    visitor.screenshot(path=str(SHOTS / "recap_open_data-390.png"), full_page=True)
    with visitor.expect_download() as csv_file:
        visitor.get_by_role("link", name="CSV").first.click()
    assert csv_file.value.suggested_filename.endswith(f"-cakupan-kecamatan-{now}-{now}.csv")
