"""A BPJS officer in a real browser reads the member list, the per-village
counts, the claims and their impact, on a desktop and on a 360 px phone,
without anything sticking out sideways. Screenshots land in screenshots/."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from peduli.accounts.models import User
from peduli.bpjs.claim_services import ClaimData, claim_record
from peduli.bpjs.member_services import member_list_import_file
from peduli.core.months import YearMonth
from peduli.regions.models import Region
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.support.browser import BROWSER_MARKS, PASSWORD, SHOTS, WIDEST, log_in, no_horizontal_overflow
from tests.support.files import csv_write
from tests.support.records.bpjs_members import nik_for

pytestmark = BROWSER_MARKS
JUNE = YearMonth(2025, 6)


@pytest.mark.django_db(transaction=True)
def test_an_officer_reads_members_and_claims_on_desktop_and_phone(
    live_server: LiveServer, browser: Browser, kendal: Region, user_factory: Callable[..., User],
    worker_factory: Callable[..., Worker], company: Sponsor, tmp_path: Path,
) -> None:  # fmt: skip
    SHOTS.mkdir(exist_ok=True)
    worker = worker_factory("33.24.02.2003", name="Sumini Lestari")
    sponsorship_start(actor=None, sponsor=company, worker=worker, start=YearMonth(2025, 1))
    rows = [
        ["NIK", "KPJ", "Nama", "Kode Desa", "Tanggal Mulai Kepesertaan"],
        [worker.nik, "25010000001", "Sumini Lestari", "", "01/02/2025"],
        *[[nik_for(i), f"250100001{i:02d}", f"Peserta Mandiri {i}", "33.24.01.2001", ""] for i in range(1, 9)],
    ]
    member_list_import_file(path=csv_write(tmp_path, rows), month=JUNE, actor=None)
    counts = [["Kode Desa", "Jumlah"], ["33.24.01.2001", "1250"], ["33.24.01.2002", "87"], ["33.24.02.2003", "342"]]
    member_list_import_file(path=csv_write(tmp_path, counts, name="jumlah.csv"), month=JUNE, actor=None, counts=True)
    claim_record(
        actor=None,
        data=ClaimData(
            reference="JKM-2025-000123",
            nik=worker.nik,
            name=worker.name,
            kind="jkm",
            incident_date=date(2025, 5, 12),
            status="paid",
            amount_paid=42_000_000,
            scholarship_children=2,
            paid_on=date(2025, 6, 2),
        ),
    )
    claim_record(actor=None, data=ClaimData(
        reference="JKK-2025-000077", nik=nik_for(3), name="Peserta Mandiri 3", kind="jkk",
        incident_date=date(2025, 6, 20), status="in_process"))  # fmt: skip
    officer = user_factory("bpjs_officer")
    officer.set_password(PASSWORD)
    officer.save()

    for width, height in ((1280, 900), (360, 780)):
        page = browser.new_page(viewport={"width": width, "height": height})
        log_in(page, live_server.url, officer.username, PASSWORD)
        for path, name, text in (
            ("/bpjs/peserta/", "members", "Sumini Lestari"),
            ("/bpjs/peserta/per-desa/", "counts", "1.679"),
            ("/bpjs/klaim/", "claims", "JKM-2025-000123"),
            ("/bpjs/klaim/manfaat/", "impact", "Rp 42.000.000"),
        ):
            page.goto(f"{live_server.url}{path}")
            expect(page.locator("main")).to_contain_text(text)
            page.screenshot(path=str(SHOTS / f"bpjs-{name}-{width}.png"), full_page=True)
            assert no_horizontal_overflow(page), (path, width, page.evaluate(WIDEST))
        page.goto(f"{live_server.url}/pekerja/{worker.pk}/")
        expect(page.locator("#jkm-hint")).to_contain_text("JKM penuh")
        page.close()
