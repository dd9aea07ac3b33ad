"""Password reset by e-mail (issue 15 point 3): Django's flow in Indonesian,
the same answer whether or not the address has an account, a link that
works once, and a limit per client address."""

import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client

from peduli.accounts.models import User

NEW = "Pohon-Jati#2026"


@pytest.fixture
def clerk(user_factory: Callable[..., User]) -> User:
    user = user_factory("csr_partner")
    user.email = "mitra@contoh.id"
    user.save()
    return user


@pytest.mark.django_db
def test_a_reset_link_by_e_mail_sets_a_new_password_once(clerk: User) -> None:
    page = Client().get("/akun/masuk/").content.decode()
    assert 'href="/akun/lupa-sandi/"' in page
    sent = Client().post("/akun/lupa-sandi/", {"email": "MITRA@contoh.id"}, follow=True)
    assert "Periksa e-mail Anda" in sent.content.decode()
    (message,) = mail.outbox
    assert message.to == ["mitra@contoh.id"] and message.subject == "Peduli: membuat kata sandi baru"
    assert "Ada permintaan membuat kata sandi baru" in message.body
    match = re.search(r"http://testserver(/akun/sandi-baru/\S+/)", str(message.body))
    assert match is not None
    client = Client()
    form_page = client.get(match.group(1), follow=True)  # Django moves the token into the session
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "Kata sandi baru disimpan" in done.content.decode()
    clerk.refresh_from_db()
    assert clerk.check_password(NEW) and clerk.password_changed_at is not None
    again = Client().get(match.group(1), follow=True).content.decode()
    assert "Tautan ini tidak berlaku lagi" in again


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_answer_and_no_mail(clerk: User) -> None:
    known = Client().post("/akun/lupa-sandi/", {"email": "mitra@contoh.id"}, follow=True).content.decode()
    unknown = Client().post("/akun/lupa-sandi/", {"email": "siapa@contoh.id"}, follow=True).content.decode()
    assert len(mail.outbox) == 1
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"')
    assert strip.sub("", known) == strip.sub("", unknown)


@pytest.mark.django_db
def test_requests_from_one_address_are_limited(clerk: User) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    codes = [client.post("/akun/lupa-sandi/", {"email": "siapa@contoh.id"}).status_code for _n in range(6)]
    assert codes == [302] * 5 + [429]
    assert Client(REMOTE_ADDR="198.51.100.7").post("/akun/lupa-sandi/", {"email": "a@b.id"}).status_code == 302
