"""A BPJS officer in a real browser makes a registration batch and reads
BPJS's answers on it, on a desktop and on a 360 px phone. Screenshots land
in screenshots/."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.bpjs import registration_records as records
from tests.bpjs.registration_records import answer_xlsx, import_answers, registered_row, rejected_row
from tests.ledger.test_browser_ledger import WIDEST, no_horizontal_overflow
from tests.test_browser import SHOTS, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian's chromium is not installed"),
]
PASSWORD = "Rahasia#Kuat2026"
sponsored = records.sponsored  # fixture
NAMES = ["Parjo Utomo", "Sumini Lestari", "Wagiman", "Siti Khotimah", "Ahmad Fauzi", "Tri Wahyuningsih"]


@pytest.mark.django_db(transaction=True)
def test_officer_makes_a_batch_and_sees_bpjs_answers(
    live_server: Any, browser: Browser, sponsored: Any, user_factory: Any, tmp_path: Path
) -> None:
    SHOTS.mkdir(exist_ok=True)
    workers = [sponsored(1, name=name, phone="081234567890", address="Jl. Raya Kaliwungu No. 12")[0] for name in NAMES]
    officer = user_factory("bpjs_officer")
    officer.set_password(PASSWORD)
    officer.save()

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, live_server.url, officer.username, PASSWORD)
    page.goto(f"{live_server.url}/bpjs/pendaftaran/")
    expect(page.locator("#eligible")).to_have_text("6")
    page.get_by_role("link", name="Buat batch baru").click()
    page.get_by_role("button", name="Buat batch").click()
    expect(page.locator("#entries tbody tr")).to_have_count(6)

    answer = answer_xlsx(
        tmp_path / "jawaban.xlsx",
        [registered_row(w) for w in workers[:4]]
        + [rejected_row(workers[4], "NIK tidak ditemukan di data Dukcapil"),
           rejected_row(workers[5], "Nama tidak sesuai dengan KTP")],
    )  # fmt: skip
    import_answers(answer, actor=officer)
    page.reload()
    expect(page.locator("#entries .text-bg-success")).to_have_count(4)
    expect(page.locator("#entries .text-bg-danger")).to_have_count(2)
    page.screenshot(path=str(SHOTS / "bpjs-registration-batch-1280.png"), full_page=True)
    batch_url = page.url

    phone = browser.new_page(viewport={"width": 360, "height": 740})
    log_in(phone, live_server.url, officer.username, PASSWORD)
    phone.goto(batch_url)
    expect(phone.locator("#entries .text-bg-danger")).to_have_count(2)
    assert no_horizontal_overflow(phone), phone.evaluate(WIDEST)
    phone.screenshot(path=str(SHOTS / "bpjs-registration-batch-360.png"), full_page=True)
    phone.goto(f"{live_server.url}/bpjs/pendaftaran/perlu-diperbaiki/")
    expect(phone.locator("#rejected tbody tr")).to_have_count(2)
    assert no_horizontal_overflow(phone), phone.evaluate(WIDEST)
    phone.screenshot(path=str(SHOTS / "bpjs-registration-rejected-360.png"), full_page=True)
    phone.goto(f"{live_server.url}/bpjs/pendaftaran/templat/")
    assert no_horizontal_overflow(phone), phone.evaluate(WIDEST)
    phone.screenshot(path=str(SHOTS / "bpjs-registration-template-360.png"), full_page=True)
