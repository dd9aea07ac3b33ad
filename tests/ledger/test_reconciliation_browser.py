"""A BPJS officer uploads BPJS's statement and the labour office resolves a
difference, in a real browser, on a desktop and on a 360 px phone (nothing
sticks out sideways). Screenshots land in screenshots/."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, expect
from pytest_django.live_server_helper import LiveServer

from peduli.accounts.models import User
from peduli.core.xlsx import workbook_bytes
from tests.ledger.conftest import UNKNOWN_NIK, Remitted, overlapping_rows
from tests.support.browser import BROWSER_MARKS, PASSWORD, SHOTS, WIDEST, log_in, no_horizontal_overflow

pytestmark = BROWSER_MARKS
HEADERS = ["NIK", "Nomor KPJ", "Bulan", "Iuran Ditagih (Rp)", "Status", "Iuran Dikonfirmasi (Rp)"]


def resolve(row: Locator, note: str) -> None:
    """Open the row's resolution form (the one shown at this width) and save the note."""
    row.locator("summary:visible").click()
    row.locator("textarea:visible").fill(note)
    row.get_by_role("button", name="Simpan").click()


@pytest.mark.django_db(transaction=True)
def test_officer_imports_and_the_labour_office_resolves_on_desktop_and_phone(
    live_server: LiveServer, browser: Browser, remitted: Remitted, user_factory: Callable[..., User], tmp_path: Path
) -> None:
    SHOTS.mkdir(exist_ok=True)
    officer, admin = user_factory("bpjs_officer"), user_factory("regency_admin")
    for user in (officer, admin):
        user.set_password(PASSWORD)
        user.save()
    statement = tmp_path / "tagihan-bpjs.xlsx"
    statement.write_bytes(
        workbook_bytes(title="Tagihan", headers=HEADERS, rows=overlapping_rows(remitted), text_columns=["NIK"])
    )
    url = f"{live_server.url}/iuran/setoran/{remitted.remittance.pk}/rekonsiliasi/"

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, live_server.url, officer.username, PASSWORD)
    page.goto(live_server.url + remitted.remittance.get_absolute_url())
    page.get_by_role("link", name="Rekonsiliasi dengan BPJS").click()
    page.get_by_label("Berkas").set_input_files(str(statement))
    page.get_by_role("button", name="Impor dan cocokkan").click()
    expect(page.locator(".alert")).to_contain_text("5 selisih belum diselesaikan")
    expect(page.locator("#differences tbody tr")).to_have_count(5)
    page.close()

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, live_server.url, admin.username, PASSWORD)
    page.goto(url)
    resolve(page.locator("#differences tbody tr", has_text=remitted.workers[2].name), "Kekurangan Rp 6.800 ditagihkan")
    expect(page.locator(".alert")).to_contain_text(f"Selisih {remitted.workers[2].name} ({remitted.month.label})")
    expect(page.locator("#open-count")).to_have_text("4")
    page.screenshot(path=str(SHOTS / "reconciliation-1280.png"), full_page=True)
    page.close()

    phone = browser.new_page(viewport={"width": 360, "height": 740})
    log_in(phone, live_server.url, admin.username, PASSWORD)
    phone.goto(url)
    expect(phone.locator("#differences tbody tr")).to_have_count(5)
    assert no_horizontal_overflow(phone), phone.evaluate(WIDEST)
    resolve(phone.locator("#differences tbody tr", has_text=UNKNOWN_NIK), "NIK bukan warga Kendal; tagihan dihapus")
    expect(phone.locator("#open-count")).to_have_text("3")
    phone.wait_for_load_state("load")  # the page after the redirect, laid out with its fonts
    assert no_horizontal_overflow(phone), phone.evaluate(WIDEST)
    phone.locator("#differences tbody tr", has_text=remitted.workers[1].name).locator("summary:visible").click()
    phone.screenshot(path=str(SHOTS / "reconciliation-360.png"), full_page=True)
    phone.close()
