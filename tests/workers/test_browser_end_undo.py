"""Ending a worker by mistake in a real browser, on a phone: the reason is
chosen on purpose, the confirmation names the worker, and the end is taken
back the same day (issue 16 point 1)."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Dialog, expect
from pytest_django.live_server_helper import LiveServer

from peduli.accounts.models import User
from peduli.regions.models import Region
from peduli.workers.models import Worker
from peduli.workers.services import WorkerData, worker_create
from tests.support.browser import BROWSER_MARKS, PASSWORD, SHOTS, log_in, no_horizontal_overflow

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True)
def test_a_clerk_ends_a_worker_by_mistake_and_takes_it_back(
    live_server: LiveServer, browser: Browser, kendal: Region, user_factory: Callable[..., User]
) -> None:
    SHOTS.mkdir(exist_ok=True)
    worker = worker_create(actor=None, data=WorkerData(nik="3324014506850001", name="Siti Aminah",
                                                       village="33.24.01.2001", occupation="Buruh tani"))  # fmt: skip
    clerk = user_factory("district_operator", district=Region.objects.get(code="33.24.01"))
    clerk.set_password(PASSWORD)
    clerk.save()
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.on("dialog", answer)
    log_in(page, live_server.url, clerk.username, PASSWORD)
    page.goto(f"{live_server.url}/pekerja/{worker.pk}/")
    expect(page.get_by_label("Alasan berakhir")).to_have_value("")  # nothing chosen for the clerk
    page.get_by_label("Alasan berakhir").select_option(label="Meninggal dunia")
    page.get_by_role("button", name="Akhiri").click()
    expect(page.get_by_text("Data Siti Aminah diakhiri.")).to_be_visible()
    assert asked[0].startswith("Akhiri data Siti Aminah?")
    page.screenshot(path=str(SHOTS / "worker-ended-undo-360.png"), full_page=True)
    assert no_horizontal_overflow(page)

    page.get_by_role("button", name="Batalkan pengakhiran").click()
    expect(page.get_by_text("Pengakhiran data Siti Aminah dibatalkan")).to_be_visible()
    assert asked[1] == "Batalkan pengakhiran data Siti Aminah?"
    worker.refresh_from_db()
    assert (worker.status, worker.end_reason) == (Worker.Status.REGISTERED, "")
    expect(page.get_by_role("button", name="Akhiri")).to_be_visible()  # the worker can be ended again, for real
