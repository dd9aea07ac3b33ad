"""A labour-office clerk in a real browser records a sponsor's transfer and
sees the worker-months it paid, on a desktop and on a 360 px phone.
Screenshots land in screenshots/."""

from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.core.months import YearMonth
from peduli.ledger.models import Due
from peduli.ledger.services import payment_record
from peduli.regions.models import Region
from peduli.sponsorships.services import SponsorData, sponsor_create, sponsorship_start
from peduli.workers.models import Worker
from tests.support.browser import BROWSER_MARKS, PASSWORD, SHOTS, WIDEST, log_in, no_horizontal_overflow
from tests.support.clock import first_day_overdue

pytestmark = BROWSER_MARKS
NOW = YearMonth.current()


def record_payment(page: Page, base: str, sponsor_pk: int, amount: str, reference: str) -> None:
    page.goto(f"{base}/donatur/{sponsor_pk}/")
    page.get_by_role("link", name="Catat pembayaran").click()
    page.get_by_label("Jumlah (Rp)").fill(amount)
    page.get_by_label("Nomor bukti").fill(reference)
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("heading", name="Dialokasikan ke iuran").wait_for()


@pytest.mark.django_db(transaction=True)
def test_clerk_records_a_payment_and_sees_the_dues_paid(
    live_server: LiveServer,
    browser: Browser,
    kendal: Region,
    user_factory: Callable[..., User],
    worker_factory: Callable[..., Worker],
    agencies: dict[str, Agency],
    today: Callable[..., date],
) -> None:
    today(first_day_overdue(NOW))  # this month's premium is overdue too
    SHOTS.mkdir(exist_ok=True)
    company = sponsor_create(actor=None, data=SponsorData(kind="csr", name="PT Bank Jateng", code="CSR-JATENG"))
    for name in ("Parjo Utomo", "Sumini Lestari"):
        sponsorship_start(actor=None, sponsor=company, worker=worker_factory(name=name), start=NOW - 2)
    # Some history, so the lists are not empty.
    other = sponsor_create(actor=None, data=SponsorData(kind="dbhcht", name="DBHCHT Kendal", code="DBHCHT"))
    sponsorship_start(actor=None, sponsor=other, worker=worker_factory("33.24.02.2002", name="Wagiman"), start=NOW)
    payment_record(actor=None, sponsor=other, amount=16_800, received_on=date.today(), method="tunai",
                   reference="KW-001")  # fmt: skip
    admin = user_factory("regency_admin")
    admin.set_password(PASSWORD)
    admin.save()

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, live_server.url, admin.username, PASSWORD)
    page.goto(f"{live_server.url}/donatur/{company.pk}/")
    expect(page.locator("#dues-grid .text-bg-danger")).to_have_count(6)  # two workers, three months each
    expect(page.locator("#arrears")).to_have_text("Rp 100.800")
    page.screenshot(path=str(SHOTS / "sponsor-detail-before-1280.png"), full_page=True)

    page.goto(f"{live_server.url}/donatur/{company.pk}/")
    page.get_by_role("link", name="Catat pembayaran").click()
    expect(page.get_by_label("Kode donatur")).to_have_value("CSR-JATENG")
    page.get_by_label("Jumlah (Rp)").fill("67200")
    page.get_by_label("Nomor bukti").fill("TRF-2025-0001")
    page.screenshot(path=str(SHOTS / "payment-form-1280.png"), full_page=True)
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("heading", name="Dialokasikan ke iuran").wait_for()
    expect(page.locator("#allocations tbody tr")).to_have_count(4)  # the two oldest months of both workers
    page.screenshot(path=str(SHOTS / "payment-detail-1280.png"), full_page=True)

    page.get_by_role("link", name="PT Bank Jateng").click()
    expect(page.locator("#dues-grid .text-bg-success")).to_have_count(4)
    expect(page.locator("#arrears")).to_have_text("Rp 33.600")
    page.screenshot(path=str(SHOTS / "sponsor-detail-after-1280.png"), full_page=True)
    assert Due.objects.filter(sponsor=company, paid_amount=16_800).count() == 4

    page.goto(f"{live_server.url}/iuran/")
    page.get_by_role("heading", name=f"Iuran {NOW.label}").wait_for()
    expect(page.locator(".progress").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "ledger-overview-1280.png"), full_page=True)
    page.goto(f"{live_server.url}/donatur/kepesertaan/baru/")
    page.get_by_label("Program").select_option("jkk_jkm_jht")
    expect(page.locator("#premium")).to_contain_text("Rp 36.800")
    page.screenshot(path=str(SHOTS / "sponsorship-form-1280.png"), full_page=True)

    phone = browser.new_page(viewport={"width": 360, "height": 740})
    log_in(phone, live_server.url, admin.username, PASSWORD)
    record_payment(phone, live_server.url, company.pk, "33600", "TRF-2025-0002")
    assert no_horizontal_overflow(phone)
    phone.screenshot(path=str(SHOTS / "payment-detail-360.png"), full_page=True)
    phone.goto(f"{live_server.url}/donatur/{company.pk}/")
    expect(phone.locator("#arrears")).to_have_text("Rp 0")
    phone.screenshot(path=str(SHOTS / "sponsor-detail-360.png"), full_page=True)
    assert no_horizontal_overflow(phone), phone.evaluate(WIDEST)
    for path, name in (("/iuran/", "ledger-overview"), ("/iuran/pembayaran/", "payment-list"),
                       ("/donatur/kepesertaan/", "sponsorship-list"), ("/iuran/tunggakan/", "arrears"),
                       ("/iuran/opd/", "agency-ledger"), ("/pemberitahuan/", "inbox")):  # fmt: skip
        phone.goto(f"{live_server.url}{path}")
        phone.screenshot(path=str(SHOTS / f"{name}-360.png"), full_page=True)
        assert no_horizontal_overflow(phone), (path, phone.evaluate(WIDEST))
