"""The labour office's reporting board and an agency's report in a real
browser, on a desktop and on a 360 px phone: the board scrolls sideways
inside its box with the agency column stuck, and the operator submits.
Screenshots land in screenshots/."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.agencies.services import agency_create
from peduli.core.months import YearMonth
from peduli.demo.monthly_reports import demo_monthly_reports_load
from peduli.reporting.models import MonthlyReport
from tests.support.browser import BROWSER_MARKS, PASSWORD, SHOTS, WIDEST, log_in, no_horizontal_overflow
from tests.support.clock import first_day_late

pytestmark = BROWSER_MARKS

LAST = YearMonth.current() - 1
NAMES = ["Badan Perencanaan Pembangunan Daerah", "Dinas Pekerjaan Umum dan Penataan Ruang", "Inspektorat Daerah",
         "Dinas Sosial", "Satuan Polisi Pamong Praja", "Dinas Perindustrian dan Tenaga Kerja"]  # fmt: skip


def with_password(user: Any) -> Any:
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.mark.django_db(transaction=True)
def test_board_and_report_on_desktop_and_phone(
    live_server: LiveServer,
    browser: Browser,
    agencies: dict[str, Agency],
    user_factory: Callable[..., User],
    today: Callable[..., date],
) -> None:
    today(first_day_late(LAST))  # last month's reports are late now
    SHOTS.mkdir(exist_ok=True)
    for n, name in enumerate(NAMES):
        agency_create(actor=None, code=f"OPD-{n}", name=name, kind="dinas", valid_from=date(2022, 1, 1))
    admin = with_password(user_factory("regency_admin"))
    demo_monthly_reports_load()
    # An agency registered after the demo's reports: its operator has one to send.
    social = agency_create(
        actor=None, code="DINSOS", name="Dinas Sosial P3A", kind="dinas", valid_from=date(2022, 1, 1)
    )
    operator = with_password(user_factory("agency_operator", agency=social))

    for width in (1280, 360):
        page = browser.new_page(viewport={"width": width, "height": 800})
        log_in(page, live_server.url, admin.username, PASSWORD)
        page.goto(f"{live_server.url}/laporan/bulanan/?jumlah=6")
        expect(page.locator("#report-board tbody tr")).to_have_count(10)
        expect(page.get_by_role("heading", name=f"Belum melapor — {LAST.label}")).to_be_visible()
        page.screenshot(path=str(SHOTS / f"monthly-report-board-{width}.png"), full_page=True)
        # The page itself never scrolls sideways; the board does, in its box.
        assert no_horizontal_overflow(page), page.evaluate(WIDEST)
        if width == 360:
            # It opens at the latest month, the one that needs action, not at the oldest.
            box = page.locator(".table-responsive").first
            assert box.evaluate("box => box.scrollLeft + box.clientWidth >= box.scrollWidth - 1 && box.scrollLeft > 0")
            last_column = page.locator("#report-board thead th").last
            assert last_column.bounding_box()["x"] < 360  # type: ignore[index]
            page.locator(".table-responsive").first.evaluate("box => box.scrollLeft = 400")
            first = page.locator("#report-board tbody th.agency").first
            assert first.bounding_box()["x"] < 40  # type: ignore[index]  # stuck at the left edge
            page.screenshot(path=str(SHOTS / "monthly-report-board-360-scrolled.png"))
        returned = MonthlyReport.objects.get(status="returned")
        page.goto(f"{live_server.url}/laporan/bulanan/{returned.agency_id}/{LAST}/")
        expect(page.get_by_text("Dikembalikan untuk diperbaiki")).to_be_visible()
        assert no_horizontal_overflow(page), page.evaluate(WIDEST)
        page.screenshot(path=str(SHOTS / f"monthly-report-returned-{width}.png"), full_page=True)
        page.close()

    page = browser.new_page(viewport={"width": 360, "height": 800})
    log_in(page, live_server.url, operator.username, PASSWORD)
    page.goto(f"{live_server.url}/laporan/bulanan/")
    page.get_by_role("link", name=f"Dinas Sosial P3A: {LAST.label} · Belum melapor").click()
    expect(page.locator("#figures")).to_contain_text("ASN pada OPD")
    page.get_by_label("Keterangan").fill("Sosialisasi pada apel pagi.")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.get_by_text("Laporan dikirim ke Disperinaker.")).to_be_visible()
    expect(page.locator("#remarks")).to_have_text("Sosialisasi pada apel pagi.")
    assert no_horizontal_overflow(page), page.evaluate(WIDEST)
    page.screenshot(path=str(SHOTS / "monthly-report-operator-360.png"), full_page=True)
    assert MonthlyReport.objects.get(agency=social, month=LAST.first_day).status == "submitted"
    pdf = page.request.get(f"{live_server.url}/laporan/bulanan/{social.pk}/{LAST}/pdf/")
    assert pdf.headers["content-type"] == "application/pdf"
    (SHOTS / "monthly-report.pdf").write_bytes(pdf.body())
