"""A BPJS officer in a real browser makes a registration batch and reads
BPJS's answers on it, on a desktop and on a 360 px phone. Screenshots land
in screenshots/."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from peduli.accounts.models import User
from peduli.workers.models import Worker
from tests.support.browser import BROWSER_MARKS, PASSWORD, SHOTS, WIDEST, log_in, no_horizontal_overflow
from tests.support.records.bpjs_registration import answer_xlsx, import_answers, registered_row, rejected_row

pytestmark = BROWSER_MARKS
NAMES = ["Parjo Utomo", "Sumini Lestari", "Wagiman", "Siti Khotimah", "Ahmad Fauzi", "Tri Wahyuningsih"]


@pytest.mark.django_db(transaction=True)
def test_officer_makes_a_batch_and_sees_bpjs_answers(
    live_server: LiveServer,
    browser: Browser,
    sponsored: Callable[..., list[Worker]],
    user_factory: Callable[..., User],
    tmp_path: Path,
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
