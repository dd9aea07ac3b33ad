"""Accounts for the whole civil service at once, and activation with the
code from a slip (issue 15 point 2, first slice)."""

import io
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings
from rest_framework.test import APIClient

from peduli.accounts.models import ActivationCode, Role, User
from peduli.agencies.models import Agency, CivilServant
from peduli.core.errors import ApplicationError
from peduli.imports.services import import_file
from peduli.users import slips
from peduli.users.onboarding import (
    CODE_ALPHABET,
    CODE_LENGTH,
    accounts_open,
    activation_code_issue,
    activation_codes_email,
    activation_codes_email_start,
)
from peduli.users.slips import grouped_nip
from tests.agencies.test_roster_import import GOOD, roster_file
from tests.support.clients import api_for, client_for
from tests.support.files import pdf_text

PASSWORD = "Pohon-Mangga#2026"
BORN = date(1985, 3, 17)
URL = "http://testserver/akun/aktivasi/"
EMAIL_BACKEND = "peduli.notifications.backends.EmailBackend"


@pytest.fixture
def staff(person_factory: Callable[..., CivilServant]) -> list[CivilServant]:
    people = [person_factory("dinkes") for _n in range(3)] + [person_factory("disdik")]
    retired = person_factory("dinkes")
    CivilServant.objects.filter(pk=retired.pk).update(service_end=date(2020, 1, 1), end_reason="pensiun")
    return people


def _activate(client: Client, person: CivilServant, code: str, **extra: str) -> Any:
    form = {"nip": person.nip, "birth_date": f"{BORN:%d/%m/%Y}", "code": code, "password": PASSWORD,
            "password_again": PASSWORD} | extra  # fmt: skip
    return client.post("/akun/aktivasi/", form)


@pytest.mark.django_db
def test_one_action_opens_an_account_and_a_code_for_everyone_in_service(staff: list[CivilServant]) -> None:
    opened = accounts_open(actor=None)
    assert (opened.accounts, opened.codes) == (4, 4)
    users = User.objects.filter(civil_servant__in=staff)
    assert sorted(users.values_list("username", flat=True)) == sorted(person.nip for person in staff)
    assert not any(user.has_usable_password() for user in users)
    codes = ActivationCode.objects.filter(user__in=users)
    assert all(len(c.code) == CODE_LENGTH and set(c.code) <= set(CODE_ALPHABET) for c in codes)
    assert len({c.code for c in codes}) == 4
    assert {c.expires_at - c.issued_at for c in codes} == {timedelta(days=30)}
    # Again: nobody new, no code replaced.
    before = dict(codes.values_list("user_id", "code"))
    assert accounts_open(actor=None) == type(opened)(accounts=0, codes=0)
    assert dict(ActivationCode.objects.values_list("user_id", "code")) == before


@pytest.mark.django_db
def test_an_agency_operator_opens_only_their_agencys(
    staff: list[CivilServant], user_factory: Callable[..., User]
) -> None:
    dinkes, disdik = Agency.objects.get(code="DINKES"), Agency.objects.get(code="DISDIK")
    operator = user_factory("agency_operator", agency=dinkes)
    assert accounts_open(actor=operator, agency=dinkes).accounts == 3
    with pytest.raises(ApplicationError):
        accounts_open(actor=operator, agency=disdik)
    with pytest.raises(ApplicationError):
        accounts_open(actor=operator)


@pytest.mark.django_db
def test_a_civil_servant_activates_with_the_slip_and_lands_on_their_page(staff: list[CivilServant]) -> None:
    accounts_open(actor=None)
    person = staff[0]
    code = ActivationCode.objects.get(user__civil_servant=person).code
    client = Client()
    response = _activate(client, person, code.lower())  # typed in small letters from the slip
    assert response.status_code == 302 and response["Location"] == "/saya/"
    user = User.objects.get(civil_servant=person)
    assert user.check_password(PASSWORD) and not ActivationCode.objects.filter(user=user).exists()
    assert client.get("/saya/").status_code == 200
    again = _activate(Client(), person, code)  # a code works once
    assert "tidak cocok" in again.content.decode()


@pytest.mark.django_db
def test_every_refusal_says_the_same_and_tells_nothing(staff: list[CivilServant]) -> None:
    accounts_open(actor=None)
    person, other = staff[0], staff[1]
    code = ActivationCode.objects.get(user__civil_servant=person).code
    answers = [
        _activate(Client(), person, "ZZZZZZZZ"),  # wrong code
        _activate(Client(), person, code, birth_date="01/01/1990"),  # wrong birth date
        _activate(Client(), other, code),  # someone else's code
        _activate(Client(), person, code, nip="199001012020121001"),  # a NIP with no account
    ]
    messages = {answer.content.decode().split('role="alert"')[1][:200] for answer in answers}
    assert len(messages) == 1 and "tidak cocok" in messages.pop()
    weak = _activate(Client(), person, code, password="12345678", password_again="12345678")
    assert "terlalu" in weak.content.decode().lower()
    assert not User.objects.get(civil_servant=person).has_usable_password()


@pytest.mark.django_db
def test_a_code_expires_and_a_new_one_replaces_it(staff: list[CivilServant]) -> None:
    accounts_open(actor=None)
    person = staff[0]
    user = User.objects.get(civil_servant=person)
    old = ActivationCode.objects.get(user=user).code
    with time_machine.travel(timezone.now() + timedelta(days=31), tick=False):
        assert "tidak cocok" in _activate(Client(), person, old).content.decode()
        new = activation_code_issue(actor=None, user=user, activation_url=URL).code
        assert "tidak cocok" in _activate(Client(), person, old).content.decode()
        assert _activate(Client(), person, new).status_code == 302


@pytest.mark.django_db
def test_guessing_codes_from_one_device_is_stopped(staff: list[CivilServant]) -> None:
    accounts_open(actor=None)
    person = staff[0]
    code = ActivationCode.objects.get(user__civil_servant=person).code
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert [_activate(client, person, "ZZZZZZZZ").status_code for _n in range(10)] == [200] * 10
    assert _activate(client, person, code).status_code == 429
    assert _activate(Client(REMOTE_ADDR="198.51.100.7"), person, code).status_code == 302


@pytest.mark.django_db
def test_the_command_opens_accounts_and_issues_a_code(staff: list[CivilServant]) -> None:
    out = io.StringIO()
    call_command("civil_servant_accounts", "open", "--agency", "dinkes", stdout=out)
    assert out.getvalue().strip() == "3 akun dibuka, 3 kode aktivasi diterbitkan."
    out = io.StringIO()
    call_command("civil_servant_accounts", "code", staff[0].nip, stdout=out)
    code = ActivationCode.objects.get(user__civil_servant=staff[0])
    assert f"Kode aktivasi {staff[0].nip}: {code.code}" in out.getvalue()


@pytest.mark.django_db
def test_the_operator_opens_their_agency_and_prints_the_slips(
    staff: list[CivilServant], user_factory: Callable[..., User]
) -> None:
    dinkes = Agency.objects.get(code="DINKES")
    client = client_for(user_factory("agency_operator", agency=dinkes))
    page = client.get("/akun/asn/").content.decode()
    assert "Belum punya akun" in page and "Dinas Kesehatan" in page and "Dinas Pendidikan" not in page
    done = client.post("/akun/asn/", follow=True).content.decode()
    assert "3 akun dibuka, 3 kode aktivasi diterbitkan." in done
    pdf = client.get("/akun/asn/slip.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    codes = ActivationCode.objects.filter(user__civil_servant__agency=dinkes)
    compact = "".join(text.split())  # the address may wrap, the code is spaced out
    assert all(code.code in compact for code in codes) and "http://testserver/akun/aktivasi/" in compact
    assert all(grouped_nip(person.nip) in text for person in staff[:3]) and staff[3].nip not in compact
    sheet = load_workbook(io.BytesIO(client.get("/akun/asn/slip.xlsx").content)).active
    assert sheet is not None
    assert sorted(row[3] for row in sheet.iter_rows(min_row=2, values_only=True)) == sorted(c.code for c in codes)
    # A new code for one person; the other agency's people are out of reach.
    old = codes.get(user__civil_servant=staff[0]).code
    renewed = client.post("/akun/asn/", {"nip": staff[0].nip}, follow=True).content.decode()
    new = ActivationCode.objects.get(user__civil_servant=staff[0]).code
    assert new != old and new in renewed and "Cetak slip (PDF)" in renewed
    account = User.objects.get(civil_servant=staff[0])
    one = "".join(pdf_text(client.get(f"/akun/pengguna/{account.pk}/slip.pdf").content).split())
    assert new in one and old not in one and "".join(grouped_nip(staff[1].nip).split()) not in one
    # Activated, the account keeps no code to print.
    _activate(Client(), staff[0], new)
    assert "Cetak slip (PDF)" not in client.get(f"/akun/pengguna/{account.pk}/").content.decode()
    assert new not in "".join(pdf_text(client.get(f"/akun/pengguna/{account.pk}/slip.pdf").content).split())
    refused = client.post("/akun/asn/", {"nip": staff[3].nip}, follow=True).content.decode()
    assert "Tidak ada akun ASN dengan NIP itu di OPD ini." in refused


@pytest.mark.django_db
def test_the_labour_office_sees_activation_per_agency(
    staff: list[CivilServant], admin: User, user_factory: Callable[..., User]
) -> None:
    accounts_open(actor=None)
    person = staff[0]
    _activate(Client(), person, ActivationCode.objects.get(user__civil_servant=person).code)
    page = client_for(admin).get("/akun/asn/")
    rows = {row.agency.code: (row.in_service, row.accounts, row.activated) for row in page.context["rows"]}
    assert rows["DINKES"] == (3, 3, 1) and rows["DISDIK"] == (1, 1, 0)
    assert page.context["total"].percent == 25.0
    assert client_for(admin).get("/akun/asn/", {"opd": str(person.agency_id)}).context["rows"][0].activated == 1
    # The labour office's board: the same figures, the furthest behind first, linked to the accounts page.
    board = client_for(admin).get("/laporan/")
    league = board.context["activation"]
    assert [(r.agency.code, r.activated, r.percent) for r in league.rows] == [
        ("DISDIK", 0, 0.0),
        ("DINKES", 1, 100 / 3),
    ]
    assert (league.total.activated, league.total.in_service) == (1, 4)
    html = board.content.decode()
    assert "Aktivasi akun ASN per OPD" in html and "1 dari 4 ASN aktif" in html and "25,0%" in html
    assert f'/akun/asn/?opd={person.agency_id}"' in html
    leader = client_for(user_factory("leader")).get("/laporan/").content.decode()
    assert "Aktivasi akun ASN per OPD" in leader and "/akun/asn/" not in leader  # the figures, not the work


@pytest.mark.django_db
def test_the_api_opens_accounts_reissues_and_activates(
    staff: list[CivilServant], admin: User, user_factory: Callable[..., User]
) -> None:
    dinkes = Agency.objects.get(code="DINKES")
    operator = api_for(user_factory("agency_operator", agency=dinkes))
    opened = operator.post("/api/v1/civil-servant-accounts/open/", {}, format="json")
    assert opened.status_code == 200 and opened.json() == {"accounts": 3, "codes": 3}
    rows = api_for(admin).get("/api/v1/civil-servant-accounts/").json()
    assert [(row["in_service"], row["accounts"]) for row in rows if row["agency"] == dinkes.pk] == [(3, 3)]
    code = operator.post("/api/v1/civil-servant-accounts/activation-code/", {"nip": staff[0].nip}, format="json")
    assert (
        code.status_code == 200 and code.json()["code"] == ActivationCode.objects.get(user__username=staff[0].nip).code
    )
    other = operator.post("/api/v1/civil-servant-accounts/activation-code/", {"nip": staff[3].nip}, format="json")
    assert other.status_code == 400
    slips = operator.get("/api/v1/civil-servant-accounts/slips/", {"as": "xlsx"})
    assert slips.status_code == 200 and slips.content[:2] == b"PK"
    assert (
        api_for(user_factory("district_operator", district=dinkes.regency.children.first()))
        .get("/api/v1/civil-servant-accounts/")
        .status_code
        == 403
    )
    anonymous = APIClient()
    body = {"nip": staff[0].nip, "birth_date": "1985-03-17", "code": "ZZZZZZZZ", "password": PASSWORD}
    wrong = anonymous.post("/api/v1/auth/activate/", body, format="json")
    assert wrong.status_code == 400 and "tidak cocok" in str(wrong.json())
    right = anonymous.post("/api/v1/auth/activate/", body | {"code": code.json()["code"]}, format="json")
    assert right.status_code == 204 and User.objects.get(username=staff[0].nip).check_password(PASSWORD)


@pytest.mark.django_db
def test_a_large_agency_prints_its_slips_in_parts(
    staff: list[CivilServant], admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(slips, "SLIPS_PER_FILE", 2)
    accounts_open(actor=None)
    dinkes = Agency.objects.get(code="DINKES")
    client = client_for(admin)
    page = client.get("/akun/asn/", {"opd": str(dinkes.pk)}).content.decode()
    assert "Slip 1–2 (PDF)" in page and "Slip 3–3 (PDF)" in page
    second = pdf_text(client.get("/akun/asn/slip.pdf", {"opd": str(dinkes.pk), "bagian": "2"}).content)
    codes = [c.code for c in slips.waiting_codes(dinkes)]
    compact = "".join(second.split())
    assert codes[2] in compact and codes[0] not in compact and "bagian 2 dari 2" in second


def _with_addresses(staff: list[CivilServant]) -> dict[str, CivilServant]:
    """Roster e-mail addresses for the first two of Dinkes and the one of Disdik;
    the third of Dinkes has none."""
    addresses = {"satu@dinkes.go.id": staff[0], "dua@dinkes.go.id": staff[1], "empat@disdik.go.id": staff[3]}
    for address, person in addresses.items():
        CivilServant.objects.filter(pk=person.pk).update(email=address)
    return addresses


@pytest.mark.django_db
def test_codes_go_by_e_mail_only_to_those_with_an_address_and_only_once(
    staff: list[CivilServant], settings: Settings, today: Callable[..., date]
) -> None:
    today("2026-12-02")
    settings.NOTIFICATION_BACKEND = EMAIL_BACKEND
    addresses = _with_addresses(staff)
    accounts_open(actor=None)
    expired = ActivationCode.objects.get(user__civil_servant=staff[3])
    ActivationCode.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert activation_codes_email(actor=None, activation_url=URL) == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["dua@dinkes.go.id", "satu@dinkes.go.id"]
    first = next(message for message in mail.outbox if message.to == ["satu@dinkes.go.id"])
    code = ActivationCode.objects.get(user__civil_servant=staff[0])
    assert first.subject == "Kode aktivasi akun Peduli"
    for said in (addresses["satu@dinkes.go.id"].name, code.code, "Berlaku sampai 1 Januari 2027", URL,
                 "NIP dan tanggal lahir Anda", "Jangan berikan kode ini kepada siapa pun"):  # fmt: skip
        assert said in first.body
    assert code.emailed_at is not None
    # Again: nothing new to send; the person without an address and the expired code were never sent.
    assert activation_codes_email(actor=None, activation_url=URL) == 0 and len(mail.outbox) == 2
    assert not ActivationCode.objects.filter(user__civil_servant__in=[staff[2], staff[3]], emailed_at__isnull=False)


@pytest.mark.django_db
def test_the_console_backend_prints_a_line_and_sends_nothing(
    staff: list[CivilServant], capsys: pytest.CaptureFixture[str]
) -> None:
    _with_addresses(staff)
    accounts_open(actor=None)
    assert activation_codes_email(actor=None, activation_url=URL) == 0
    printed = capsys.readouterr().out
    assert "[e-mail] satu@dinkes.go.id — Kode aktivasi akun Peduli" in printed
    assert len(printed.strip().splitlines()) == 3 and mail.outbox == []
    code = ActivationCode.objects.get(user__civil_servant=staff[0])
    assert code.code not in printed and code.emailed_at is None  # still waiting for a backend that delivers


@pytest.mark.django_db
def test_a_code_given_again_starts_unsent_and_goes_at_once_to_the_roster_address(
    staff: list[CivilServant], settings: Settings, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    settings.NOTIFICATION_BACKEND = EMAIL_BACKEND
    _with_addresses(staff)
    accounts_open(actor=None)
    activation_codes_email(actor=None, activation_url=URL)
    mail.outbox.clear()
    user = User.objects.get(civil_servant=staff[0])
    with django_capture_on_commit_callbacks(execute=True):
        new = activation_code_issue(actor=None, user=user, activation_url=URL)
    assert [message.to for message in mail.outbox] == [["satu@dinkes.go.id"]] and new.code in mail.outbox[0].body
    assert ActivationCode.objects.get(pk=new.pk).emailed_at is not None
    without_address = User.objects.get(civil_servant=staff[2])
    with django_capture_on_commit_callbacks(execute=True):
        activation_code_issue(actor=None, user=without_address, activation_url=URL)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_agency_operator_cannot_send_another_agencys_codes(
    staff: list[CivilServant], settings: Settings, user_factory: Callable[..., User]
) -> None:
    settings.NOTIFICATION_BACKEND = EMAIL_BACKEND
    _with_addresses(staff)
    accounts_open(actor=None)
    dinkes, disdik = Agency.objects.get(code="DINKES"), Agency.objects.get(code="DISDIK")
    operator = user_factory("agency_operator", agency=dinkes)
    for agency in (disdik, None):
        with pytest.raises(ApplicationError, match="tidak berwenang"):
            activation_codes_email(actor=operator, agency=agency, activation_url=URL)
        with pytest.raises(ApplicationError, match="tidak berwenang"):
            activation_codes_email_start(actor=operator, agency=agency, activation_url=URL)
    # Over the API, whatever agency is asked for, an operator's call is about their own.
    own = api_for(operator).post("/api/v1/civil-servant-accounts/send-codes/", {"agency": disdik.pk}, format="json")
    assert own.status_code == 202 and own.json() == {"codes": 2}
    assert sorted(message.to[0] for message in mail.outbox) == ["dua@dinkes.go.id", "satu@dinkes.go.id"]


@pytest.mark.django_db
def test_the_page_the_api_and_the_command_send_the_codes_alike(
    staff: list[CivilServant], settings: Settings, admin: User, user_factory: Callable[..., User]
) -> None:
    settings.NOTIFICATION_BACKEND = EMAIL_BACKEND
    _with_addresses(staff)
    accounts_open(actor=None)
    dinkes = Agency.objects.get(code="DINKES")
    client = client_for(user_factory("agency_operator", agency=dinkes))
    page = client.get("/akun/asn/")
    assert page.context["to_email"] == 2 and "Kirim kode lewat e-mail" in page.content.decode()
    assert 'data-confirm="Kirim kode aktivasi lewat e-mail kepada 2 ASN' in page.content.decode()
    done = client.post("/akun/asn/", {"email": "1"}, follow=True)
    assert "2 kode aktivasi sedang dikirim lewat e-mail" in done.content.decode()
    assert done.context["to_email"] == 0 and len(mail.outbox) == 2 and URL in str(mail.outbox[0].body)
    assert "Tidak ada kode yang menunggu" in client.post("/akun/asn/", {"email": "1"}, follow=True).content.decode()
    # The API for the labour office: Disdik's one address; the command: nothing left, then a new one.
    sent = api_for(admin).post("/api/v1/civil-servant-accounts/send-codes/", {}, format="json")
    assert sent.status_code == 202 and sent.json() == {"codes": 1} and mail.outbox[-1].to == ["empat@disdik.go.id"]
    CivilServant.objects.filter(pk=staff[2].pk).update(email="tiga@dinkes.go.id")
    out = io.StringIO()
    call_command(
        "civil_servant_accounts", "send", "--agency", "dinkes", "--site", "https://peduli.example.id", stdout=out
    )
    assert out.getvalue().strip() == "1 kode aktivasi dikirim lewat e-mail."
    assert (
        mail.outbox[-1].to == ["tiga@dinkes.go.id"]
        and "https://peduli.example.id/akun/aktivasi/" in mail.outbox[-1].body
    )
    assert len(mail.outbox) == 4


@pytest.mark.django_db(transaction=True)  # the worker closes the connection it ran on
def test_the_page_only_queues_the_sending_for_the_task_worker(
    staff: list[CivilServant], settings: Settings, admin: User
) -> None:
    settings.NOTIFICATION_BACKEND = EMAIL_BACKEND
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    _with_addresses(staff)
    accounts_open(actor=None)
    done = client_for(admin).post("/akun/asn/", {"email": "1"}, follow=True).content.decode()
    assert "3 kode aktivasi sedang dikirim lewat e-mail" in done and mail.outbox == []
    call_command("db_worker", "--batch", stdout=io.StringIO(), stderr=io.StringIO())
    assert len(mail.outbox) == 3 and not ActivationCode.objects.filter(
        emailed_at__isnull=True, user__civil_servant__email__gt=""
    )


@pytest.mark.django_db
def test_each_roster_import_that_adds_people_opens_their_accounts(
    agencies: dict[str, Agency], admin: User, tmp_path: Path
) -> None:
    import_file(kind="civil_servants", path=roster_file(tmp_path, [GOOD]), actor=admin, dry_run=True)
    assert not User.objects.filter(username=GOOD[0]).exists()  # a dry run opens nothing
    import_file(kind="civil_servants", path=roster_file(tmp_path, [GOOD]), actor=admin, dry_run=False)
    account = User.objects.get(username=GOOD[0])
    assert account.role == Role.CIVIL_SERVANT and not account.has_usable_password()
    assert ActivationCode.objects.filter(user=account).exists()
    assert account.history.get().history_user_id == admin.pk  # opened as the importer's
