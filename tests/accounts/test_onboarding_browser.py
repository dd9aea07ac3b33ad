"""On 360 px phones: an agency operator opens the agency's accounts and
downloads the activation slips; a civil servant activates with the code
from the slip and lands on /saya/; later, password forgotten, the operator
gives a new code and the civil servant sets a new password with it
(issue 15's acceptance). Screenshots and the slips as an image land in
screenshots/."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect
from pytest_django.live_server_helper import LiveServer

from peduli.accounts.models import ActivationCode, User
from peduli.agencies.models import Agency, CivilServant
from tests.support.browser import BROWSER_MARKS, PASSWORD, SHOTS, log_in, no_horizontal_overflow, save_pdf_and_image
from tests.support.files import pdf_text

pytestmark = BROWSER_MARKS
FIRST = "Pohon-Mangga#2026"
SECOND = "Sungai-Bodri#2027"


def _accept(dialog: Dialog) -> None:
    dialog.accept()


def _activate(phone: Page, base: str, person: CivilServant, code: str, password: str) -> None:
    phone.goto(f"{base}/akun/masuk/")
    phone.get_by_role("link", name=re.compile("Aktifkan di sini")).click()
    phone.get_by_label("NIP").fill(person.nip)
    phone.get_by_label("Tanggal lahir").fill(f"{person.birth_date:%Y-%m-%d}")
    phone.get_by_label("Kode aktivasi").fill(code.lower())
    phone.get_by_label("Kata sandi baru").fill(password)
    phone.get_by_label("Ulangi kata sandi").fill(password)
    phone.get_by_role("button", name="Aktifkan dan masuk").click()
    expect(phone).to_have_url(f"{base}/saya/")


@pytest.mark.django_db(transaction=True)
def test_an_operator_prints_slips_and_a_civil_servant_activates_then_resets(
    live_server: LiveServer,
    browser: Browser,
    person_factory: Callable[..., CivilServant],
    user_factory: Callable[..., User],
) -> None:
    SHOTS.mkdir(exist_ok=True)
    person = person_factory("dinkes", name="Siti Rahayu, S.Kep.", unit="Puskesmas Kendal I")
    person_factory("dinkes", name="Budi Santoso", unit="Puskesmas Kendal I")
    operator = user_factory("agency_operator", agency=Agency.objects.get(code="DINKES"))

    desk = browser.new_page(viewport={"width": 360, "height": 740})
    desk.on("dialog", _accept)  # "Buka akun … untuk 2 ASN?" — yes
    log_in(desk, live_server.url, operator.username, PASSWORD)
    desk.goto(f"{live_server.url}/akun/asn/")
    desk.get_by_role("button", name="Buka akun & terbitkan kode").click()
    expect(desk.get_by_text("2 akun dibuka, 2 kode aktivasi diterbitkan.")).to_be_visible()
    assert no_horizontal_overflow(desk)
    desk.screenshot(path=str(SHOTS / "accounts-operator-360.png"), full_page=True)
    slips = desk.request.get(
        live_server.url + (desk.get_by_role("link", name="Unduh slip (PDF)").get_attribute("href") or "")
    )
    save_pdf_and_image(live_pdf := slips.body(), "activation-slips")
    code = ActivationCode.objects.get(user__username=person.nip).code
    assert code in "".join(pdf_text(live_pdf).split())  # on the slip the operator hands over

    phone = browser.new_page(viewport={"width": 360, "height": 740})
    _activate(phone, live_server.url, person, code, FIRST)
    assert no_horizontal_overflow(phone)
    phone.screenshot(path=str(SHOTS / "activated-360.png"), full_page=True)
    phone.context.clear_cookies()

    # Password forgotten, no e-mail: the operator gives a new code, which replaces the slip's.
    desk.goto(f"{live_server.url}/akun/asn/")
    desk.get_by_label("NIP").fill(person.nip)
    desk.get_by_role("button", name="Terbitkan kode baru").click()
    message = desk.get_by_text(re.compile("Kode aktivasi baru untuk")).inner_text()
    new_code = re.search(r": ([2-9A-Z]{8}),", message)
    assert new_code is not None
    one = desk.request.get(
        live_server.url + (desk.get_by_role("link", name="Cetak slip (PDF)").get_attribute("href") or "")
    )
    save_pdf_and_image(one_pdf := one.body(), "activation-slip-one")
    assert new_code.group(1) in "".join(pdf_text(one_pdf).split())
    _activate(phone, live_server.url, person, new_code.group(1), SECOND)
    assert User.objects.get(username=person.nip).check_password(SECOND)
