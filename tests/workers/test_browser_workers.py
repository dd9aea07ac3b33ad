"""A labour-office clerk in a real browser: the worker list, the live NIK check
on the form, a phone-sized detail page, duplicate review, and the import
wizard from upload to result. Screenshots land in screenshots/."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from peduli.accounts.models import User
from peduli.regions.models import Region
from peduli.workers.models import Worker
from peduli.workers.services import WorkerData, worker_create
from tests.support.browser import BROWSER_MARKS, PASSWORD, SHOTS, log_in, no_horizontal_overflow

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True)
def test_clerk_registers_reviews_and_imports_workers(
    live_server: LiveServer,
    browser: Browser,
    kendal: Region,
    user_factory: Callable[..., User],
    tmp_path: Path,
) -> None:
    SHOTS.mkdir(exist_ok=True)
    worker_create(actor=None, data=WorkerData(nik="3324014506850001", name="Siti Aminah", village="33.24.01.2001",
                                              occupation="Buruh tani", phone="081234567890"))  # fmt: skip
    worker_create(actor=None, data=WorkerData(nik="3324014506850002", name="Hj. Siti Aminah",
                                              village="33.24.01.2001", occupation="Buruh tani"))  # fmt: skip
    admin = user_factory("regency_admin")
    admin.set_password(PASSWORD)
    admin.save()

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, live_server.url, admin.username, PASSWORD)
    page.goto(f"{live_server.url}/pekerja/")
    expect(page.get_by_text("Siti Aminah").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "workers-list-1280.png"), full_page=True)

    page.goto(f"{live_server.url}/pekerja/baru/")
    page.get_by_label("NIK").fill("3324013506850001")
    expect(page.get_by_text("bukan tanggal yang ada")).to_be_visible()
    page.get_by_label("NIK").fill("3324011706850003")
    expect(page.get_by_text("NIK valid")).to_be_visible()
    # The village field asks the server as one types (htmx fills its datalist).
    page.get_by_label("Desa/kelurahan domisili").press_sequentially("blu", delay=30)
    suggestion = page.locator("#id_village-options option")
    suggestion.first.wait_for(state="attached")
    assert suggestion.evaluate_all("options => options.map(o => o.value)") == [
        "Blumah, Kec. Plantungan (33.24.01.2001)"
    ]
    page.screenshot(path=str(SHOTS / "worker-form-1280.png"), full_page=True)

    page.goto(f"{live_server.url}/pekerja/duplikat/")
    expect(page.get_by_text("Hj. Siti Aminah").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "worker-duplicates-1280.png"), full_page=True)

    csv = tmp_path / "pekerja.csv"
    csv.write_text(
        "NIK,Nama,Tanggal Lahir,Jenis Kelamin,Kode Desa,Alamat,No HP,Pekerjaan\n"
        "3324011706850002,Budi Santoso,17/06/1985,L,33.24.01.2002,,,Nelayan\n"
        "3.32401E+15,Joko,,,33.24.01.2002,,,Nelayan\n"
    )
    page.goto(f"{live_server.url}/pekerja/impor/")
    page.locator("input[type=file]").set_input_files(str(csv))
    page.get_by_role("button", name="Unggah").click()
    expect(page.get_by_text("notasi ilmiah").first).to_be_visible(timeout=20_000)
    page.screenshot(path=str(SHOTS / "worker-import-preview-1280.png"), full_page=True)
    page.get_by_role("button", name="Impor sekarang").click()
    expect(page.get_by_text("Budi Santoso").first).to_be_visible(timeout=20_000)
    assert Worker.objects.filter(nik="3324011706850002").exists()

    phone = browser.new_page(viewport={"width": 360, "height": 740})
    log_in(phone, live_server.url, admin.username, PASSWORD)
    siti = Worker.objects.get(nik="3324014506850001")
    phone.goto(f"{live_server.url}/pekerja/{siti.pk}/")
    expect(phone.get_by_text("3324014506850001").first).to_be_visible()
    phone.screenshot(path=str(SHOTS / "worker-detail-360.png"), full_page=True)
    assert no_horizontal_overflow(phone)
    phone.goto(f"{live_server.url}/pekerja/")
    phone.screenshot(path=str(SHOTS / "workers-list-360.png"), full_page=True)
    assert no_horizontal_overflow(phone)
