"""Every user's own profile (issue 15 point 4): phone and e-mail, the address
verified by a link before e-mail notifications go there, a civil servant's
name from the roster, and signing out of every other browser."""

import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client

from peduli.accounts.models import User
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
