"""Correcting a protected worker's name by import in a real browser (issue 16
point 2): an ordinary import refuses the rename naming both names; checked
again as "koreksi data" with a reason, the page lists the change old → new,
and once imported the worker's history shows it with the reason."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from peduli.accounts.models import User
from peduli.regions.models import Region
from peduli.workers.models import Worker
from peduli.workers.services import WorkerData, worker_create, worker_transition, worker_verify
from tests.support.browser import BROWSER_MARKS, PASSWORD, SHOTS, log_in, no_horizontal_overflow

pytestmark = BROWSER_MARKS
HEADERS = "NIK,Nama,Tanggal Lahir,Jenis Kelamin,Kode Desa,Alamat,No HP,Pekerjaan"


@pytest.mark.django_db(transaction=True)
def test_a_protected_workers_rename_is_refused_then_imported_as_a_correction(
    live_server: LiveServer, browser: Browser, kendal: Region, user_factory: Callable[..., User], tmp_path: Path
) -> None:
    SHOTS.mkdir(exist_ok=True)
    data = WorkerData(nik="3324014506850001", name="Darsih Aminah", village="33.24.01.2001", occupation="Buruh tani",
                      kpj="25012345678")  # fmt: skip
    worker = worker_verify(actor=None, worker=worker_create(actor=None, data=data))
    worker_transition(actor=None, worker=worker, to=Worker.Status.PROTECTED)
    admin = user_factory("regency_admin")
    csv = tmp_path / "pekerja.csv"
    csv.write_text(f"{HEADERS}\n3324014506850001,Sudah Ada,05/06/1985,P,33.24.01.2001,,,Buruh tani\n")

    for width in (1280, 360):
        page = browser.new_page(viewport={"width": width, "height": 800})
        log_in(page, live_server.url, admin.username, PASSWORD)
        page.goto(f"{live_server.url}/pekerja/impor/")
        page.locator("input[type=file]").set_input_files(str(csv))
        page.get_by_role("button", name="Unggah dan periksa").click()
        refusal = page.get_by_text('NIK milik orang lain? Di berkas "Sudah Ada", terdaftar atas nama "Darsih Aminah"')
        expect(refusal).to_be_visible(timeout=20_000)
        expect(page.get_by_role("button", name="Impor sekarang")).to_be_disabled()
        page.screenshot(path=str(SHOTS / f"worker-import-refused-rename-{width}.png"), full_page=True)
        assert no_horizontal_overflow(page)
        if width == 1280:
            page.close()

    page.get_by_text("Periksa lagi sebagai koreksi data").first.click()
    page.get_by_label("Alasan koreksi data").fill("Nama salah catat saat pendataan")
    page.get_by_role("button", name="Periksa lagi sebagai koreksi data").click()
    expect(page.get_by_text("Alasan: Nama salah catat saat pendataan.")).to_be_visible(timeout=20_000)
    changes = page.locator("#import-changes")
    expect(changes).to_contain_text("Darsih Aminah")
    expect(changes).to_contain_text("Nama: Darsih Aminah → Sudah Ada")
    page.screenshot(path=str(SHOTS / "worker-import-correction-preview-360.png"), full_page=True)
    assert no_horizontal_overflow(page)
    page.get_by_role("button", name="Impor sekarang").click()
    expect(page.get_by_text("Impor selesai dan data sudah tersimpan.")).to_be_visible(timeout=20_000)
    worker.refresh_from_db()
    assert (worker.name, worker.status) == ("Sudah Ada", Worker.Status.PROTECTED)

    page.goto(f"{live_server.url}/pekerja/{worker.pk}/")
    page.get_by_role("tab", name="Riwayat data").click()
    history = page.locator("#history")
    expect(history).to_contain_text("Nama salah catat saat pendataan")
    expect(history.locator("tr", has_text="Nama lengkap")).to_contain_text("Darsih Aminah")
    expect(history.locator("tr", has_text="Nama lengkap")).to_contain_text("Sudah Ada")
    expect(history).not_to_contain_text("Kunci nama")
    expect(page.locator("#tab-history.show")).to_be_visible()  # faded in
    expect(page.get_by_role("button", name="Verifikasi")).to_have_count(0)  # verified long ago
    page.screenshot(path=str(SHOTS / "worker-history-correction-360.png"), full_page=True)
