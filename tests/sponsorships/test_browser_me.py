"""A civil servant on a 360 px phone: logs in with their NIP, is invited to
sponsor, picks a suggested worker and confirms (two taps), sees the months
strip, then downloads a receipt and the piagam. Screenshots and the PDFs
rendered as images land in screenshots/ for a human to look at."""

import re
from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from peduli.agencies.models import CivilServant
from peduli.core.months import YearMonth
from peduli.ledger.services import sponsorship_prepay
from peduli.regions.models import Region
from peduli.sponsorships.models import Sponsorship
from peduli.users.services import user_create
from peduli.workers.models import Worker
from tests.support.browser import BROWSER_MARKS, PASSWORD, SHOTS, log_in, no_horizontal_overflow, save_pdf_and_image
from tests.support.clock import first_day_overdue

pytestmark = BROWSER_MARKS
HOME = "33.24.01.2001"


@pytest.mark.django_db(transaction=True)
def test_civil_servant_sponsors_a_worker_in_two_taps_on_a_phone(
    live_server: LiveServer,
    browser: Browser,
    person_factory: Callable[..., CivilServant],
    worker_factory: Callable[..., Worker],
    today: Callable[..., date],
) -> None:
    today(first_day_overdue(YearMonth.current()))  # the new month's premium is owed at once
    SHOTS.mkdir(exist_ok=True)
    person = person_factory("dinkes", name="Siti Rahayu, S.Kep.", home_village=Region.objects.get(code=HOME))
    user_create(actor=None, username="", password=PASSWORD, role="civil_servant", civil_servant=person,
                check_password=False)  # fmt: skip
    worker_factory("33.24.02.2002", name="Slamet Riyadi", in_social_register=True)
    worker_factory(HOME, name="Ngatinah", woman_head_of_household=True, has_disability=True)
    worker_factory(HOME, name="Paijo Suparman", born=date(date.today().year - 61, 3, 1))
    worker_factory("33.24.01.2002", name="Rusmini")

    phone = browser.new_page(viewport={"width": 360, "height": 740})
    log_in(phone, live_server.url, person.nip, PASSWORD)
    phone.goto(f"{live_server.url}/saya/")
    expect(phone.get_by_role("heading", name="Ayo ikut Gerakan ASN Peduli Pekerja Rentan")).to_be_visible()
    assert no_horizontal_overflow(phone)
    phone.screenshot(path=str(SHOTS / "me-invitation-360.png"), full_page=True)

    phone.get_by_role("link", name="Pilih pekerja untuk dibiayai").click()
    phone.get_by_role("heading", name="Sponsori pekerja").wait_for()
    cards = phone.locator(".suggestion h2")
    expect(cards.first).to_have_text("Ngatinah")  # same village and two flags
    expect(cards).to_have_text(["Ngatinah", "Paijo Suparman", "Rusmini", "Slamet Riyadi"])
    assert no_horizontal_overflow(phone)
    phone.screenshot(path=str(SHOTS / "me-suggestions-360.png"), full_page=True)

    phone.get_by_role("link", name="Pilih Ngatinah").click()  # tap one
    sheet = phone.locator("#sheet")
    expect(sheet.get_by_text("Rp 16.800")).to_be_visible()
    expect(sheet.get_by_text("Ngatinah")).to_be_visible()
    expect(sheet).not_to_have_class(re.compile(r"showing"))  # the slide-up has finished
    expect(sheet.get_by_role("button", name="Ya, saya biayai")).to_be_in_viewport()
    phone.screenshot(path=str(SHOTS / "me-confirm-360.png"))
    sheet.get_by_role("button", name="Ya, saya biayai").click()  # tap two

    expect(phone.get_by_text("Terima kasih!")).to_be_visible()
    expect(phone.locator(".sponsored-worker")).to_contain_text("Ngatinah")
    expect(phone.locator(".month-strip [data-state=due]")).to_have_count(1)
    assert Sponsorship.objects.filter(worker__name="Ngatinah", sponsor__civil_servant=person).exists()
    assert no_horizontal_overflow(phone)
    phone.screenshot(path=str(SHOTS / "me-sponsored-360.png"), full_page=True)

    sponsorship_prepay(actor=None, sponsorship=Sponsorship.objects.get(worker__name="Ngatinah"), months=3,
                       received_on=date.today(), method="transfer", reference="TRF-360")  # fmt: skip
    phone.reload()
    expect(phone.locator(".month-strip [data-state=paid]")).to_have_count(3)  # this month and two ahead
    assert no_horizontal_overflow(phone)
    phone.screenshot(path=str(SHOTS / "me-paid-360.png"), full_page=True)

    for link, name in (("Kuitansi (PDF)", "me-receipt"), ("Piagam (PDF)", "me-piagam")):
        href = phone.get_by_role("link", name=link).get_attribute("href")
        save_pdf_and_image(phone.request.get(f"{live_server.url}{href}").body(), name)
