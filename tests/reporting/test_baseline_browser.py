"""The labour office in a real browser records a coverage target and reads
the informal workers per district with the flags, on a desktop and on a
360 px phone. Screenshots land in screenshots/."""

from collections.abc import Callable
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from peduli.accounts.models import User
from peduli.demo.baselines import demo_baselines_load
from peduli.regions.models import Region
from peduli.reporting.baselines.services import baseline_set
from peduli.reporting.models import Target
from tests.support.browser import BROWSER_MARKS, PASSWORD, SHOTS, WIDEST, log_in, no_horizontal_overflow

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True)
def test_admin_reads_the_baselines_and_records_a_target(
    live_server: LiveServer, browser: Browser, kendal: Region, user_factory: Callable[..., User]
) -> None:
    SHOTS.mkdir(exist_ok=True)
    demo_baselines_load(regency=kendal)
    Target.objects.filter(year=2045).delete()
    # An older year whose districts do not add up to the regency's own row and whose shares sum to 101%.
    for district in Region.objects.filter(parent=kendal).order_by("code"):
        baseline_set(
            actor=None, regency=kendal, district=district, year=2024, informal_workers=16_500, source="BPS 2023",
            stated_share_pct=Decimal("5.05"),
        )  # fmt: skip
    baseline_set(actor=None, regency=kendal, district=None, year=2024, informal_workers=331_000, source="BPS 2023")
    admin = user_factory("regency_admin")
    admin.set_password(PASSWORD)
    admin.save()

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server.url, admin.username, PASSWORD)
    page.get_by_role("link", name="Target & Data Dasar").first.click()
    page.get_by_role("heading", name="Target & Data Dasar").wait_for()
    expect(page.locator("#tahun-2025 summary")).to_contain_text("338.681 pekerja informal")
    expect(page.locator("#tahun-2025 tbody tr")).to_have_count(20)
    page.locator("#tahun-2024 summary").click()
    expect(page.locator("#tahun-2024 .alert-warning")).to_contain_text("berjumlah 101,00%")
    page.get_by_role("link", name="Tambah target").click()
    page.get_by_label("Tahun").fill("2045")
    page.get_by_label("Target cakupan (%)").fill("64,74")
    page.get_by_label("Dasar hukum").fill("RPJPD Kabupaten Kendal 2025–2045")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#targets tbody tr")).to_have_count(2)
    expect(page.locator("#trajectory tbody tr").last).to_contain_text("64,74%")
    page.locator("#tahun-2024 summary").click()
    page.screenshot(path=str(SHOTS / "baselines-1280.png"), full_page=True)

    phone = browser.new_page(viewport={"width": 360, "height": 780})
    log_in(phone, live_server.url, admin.username, PASSWORD)
    phone.goto(f"{live_server.url}/laporan/dasar/")
    phone.locator("#tahun-2024 summary").click()
    assert no_horizontal_overflow(phone), phone.evaluate(WIDEST)
    phone.screenshot(path=str(SHOTS / "baselines-360.png"), full_page=True)
    assert Target.objects.get(year=2045).coverage_pct == Decimal("64.74")
