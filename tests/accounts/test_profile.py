"""Every user's own profile (issue 15 point 4): phone and e-mail, the address
verified by a link before e-mail notifications go there, a civil servant's
name from the roster, and signing out of every other browser."""

import io
import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from peduli.accounts.models import User
from peduli.accounts.sessions import device_of, signed_in_sessions_of
from peduli.agencies.models import CivilServant
from peduli.notifications.backends import EmailBackend
from peduli.notifications.models import Notification
from peduli.users.services import user_create
from tests.support.browser import PASSWORD
from tests.support.clients import client_for


@pytest.mark.django_db
def test_an_e_mail_address_is_verified_before_notifications_go_there(user_factory: Callable[..., User]) -> None:
    partner = user_factory("csr_partner")
    client = client_for(partner)
    form = {"full_name": "Mitra Baru", "phone": "0812 3456 7890", "email": "mitra@contoh.id", "notify_by_email": "on"}
    saved = client.post("/akun/profil/", form, follow=True)
    assert "Kami kirim tautan ke mitra@contoh.id" in saved.content.decode()
    partner.refresh_from_db()
    assert (partner.get_full_name(), partner.phone, partner.email_verified_at) == ("Mitra Baru", "0812 3456 7890", None)
    note = Notification.objects.create(user=partner, title="Tagihan", body="Iuran bulan ini", url="/")
    (verification,) = mail.outbox
    EmailBackend().send([note])
    assert len(mail.outbox) == 1  # not verified yet: nothing sent there
    link = re.search(r"http://testserver(/akun/profil/verifikasi/\S+/)", str(verification.body))
    assert link is not None
    assert "sudah dipastikan" in client.get(link.group(1), follow=True).content.decode()
    partner.refresh_from_db()
    EmailBackend().send([note])
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["mitra@contoh.id"]
    assert "tidak sah" in client.get("/akun/profil/verifikasi/rusak/", follow=True).content.decode()


@pytest.mark.django_db
def test_a_civil_servants_name_comes_from_the_roster(person_factory: Callable[..., CivilServant]) -> None:
    person = person_factory("dinkes", name="Siti Rahayu")
    user = user_create(actor=None, username="", password=PASSWORD, role="civil_servant", civil_servant=person,
                       check_password=False)  # fmt: skip
    client_for(user).post("/akun/profil/", {"full_name": "Orang Lain", "phone": "081234567890"})
    user.refresh_from_db()
    assert user.get_full_name() == "Siti Rahayu" and user.phone == "081234567890"


@pytest.mark.django_db
def test_signing_out_everywhere_else_keeps_this_browser(user_factory: Callable[..., User]) -> None:
    partner = user_factory("csr_partner")
    here, there = Client(), Client()
    for browser in (here, there):
        assert browser.post("/akun/masuk/", {"username": partner.username, "password": PASSWORD}).status_code == 302
    here.post("/akun/profil/", {"action": "sign-out-elsewhere"})
    assert here.get("/akun/profil/").status_code == 200
    assert there.get("/akun/profil/").status_code == 302  # back to the login page
    assert list(signed_in_sessions_of(partner).values_list("session_key", flat=True)) == [here.session.session_key]


ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
)
WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


@pytest.mark.parametrize(
    ("agent", "device"),
    [(ANDROID, "Chrome di Android"), (WINDOWS, "Firefox di Windows"),
     ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Safari/604.1",
      "Safari di iPhone"), ("curl/8.5.0", "curl/8.5.0"), ("", "perangkat tidak dikenal")],
)  # fmt: skip
def test_a_device_is_named_as_people_name_it(agent: str, device: str) -> None:
    assert device_of(agent) == device


def _signed_in(username: str, agent: str) -> Client:
    browser = Client(HTTP_USER_AGENT=agent)
    assert browser.post("/akun/masuk/", {"username": username, "password": PASSWORD}).status_code == 302
    return browser


@pytest.mark.django_db
def test_the_profile_lists_each_browser_signed_in_and_signs_one_out(
    user_factory: Callable[..., User], today: Callable[..., object]
) -> None:
    partner = user_factory("csr_partner")
    phone, desk = _signed_in(partner.username, ANDROID), _signed_in(partner.username, WINDOWS)
    page = phone.get("/akun/profil/")
    listed = [(s.device, s.session_key == page.context["current_key"]) for s in page.context["sessions"]]
    assert sorted(listed) == [("Chrome di Android", True), ("Firefox di Windows", False)]
    html = page.content.decode()
    assert "perangkat ini" in html and "Keluarkan Firefox di Windows dari akun Anda?" in html
    other = next(s for s in page.context["sessions"] if s.device == "Firefox di Windows")
    done = phone.post("/akun/profil/", {"action": "sign-out-one", "session": other.pk}, follow=True)
    assert "Firefox di Windows sudah dikeluarkan dari akun Anda." in done.content.decode()
    assert desk.get("/akun/profil/").status_code == 302  # that browser is out
    own = signed_in_sessions_of(partner).get()
    refused = phone.post("/akun/profil/", {"action": "sign-out-one", "session": own.pk}, follow=True)
    assert "Ini sesi yang sedang Anda pakai" in refused.content.decode()
    # Seen again at most every five minutes; logging out forgets the browser.
    first_seen = own.last_seen_at
    phone.get("/akun/profil/")
    assert signed_in_sessions_of(partner).get().last_seen_at == first_seen
    later = timezone.localtime() + timedelta(minutes=6)  # across midnight too
    today(later.date(), at=f"{later:%H:%M}")
    phone.get("/akun/profil/")
    assert signed_in_sessions_of(partner).get().last_seen_at > first_seen
    phone.post("/akun/keluar/")
    assert not signed_in_sessions_of(partner).exists()


@pytest.mark.django_db
def test_the_api_and_the_command_list_and_end_the_sessions(user_factory: Callable[..., User]) -> None:
    partner = user_factory("csr_partner")
    phone, desk = _signed_in(partner.username, ANDROID), _signed_in(partner.username, WINDOWS)
    listed = phone.get("/api/v1/auth/sessions/").json()
    assert sorted((row["device"], row["current"]) for row in listed) == [
        ("Chrome di Android", True), ("Firefox di Windows", False),
    ]  # fmt: skip
    own = next(row["id"] for row in listed if row["current"])
    assert phone.delete(f"/api/v1/auth/sessions/{own}/").status_code == 404  # not the one asking
    assert phone.post("/api/v1/auth/sessions/end-others/").json() == {"ended": 1}
    assert desk.get("/akun/profil/").status_code == 302
    out = io.StringIO()
    call_command("user", "sessions", partner.username, stdout=out)
    assert "Chrome di Android" in out.getvalue() and "Firefox" not in out.getvalue()
    call_command("user", "sign-out", partner.username, stdout=io.StringIO())
    assert phone.get("/akun/profil/").status_code == 302 and not signed_in_sessions_of(partner).exists()
