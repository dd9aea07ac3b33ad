"""Managing accounts (issue 15 point 1, first slice): who sees which
accounts, deactivating, reactivating, unlocking, a new code — each change in
the account's history with who, when, before and after — and an account that
follows the roster when its civil servant leaves service."""

import io
import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from peduli.accounts.models import Role, User
from peduli.agencies.models import Agency, CivilServant
from peduli.agencies.services import civil_servant_end_service
from peduli.core.errors import ApplicationError
from peduli.users.onboarding import accounts_open
from peduli.users.services import user_deactivate, user_reactivate, user_role_change
from tests.support.browser import PASSWORD
from tests.support.clients import api_for, client_for


@pytest.fixture
def staff(person_factory: Callable[..., CivilServant]) -> list[CivilServant]:
    people = [person_factory("dinkes", name="Siti Rahayu"), person_factory("disdik", name="Budi Santoso")]
    accounts_open(actor=None)
    return people


def _log_in(username: str) -> int:
    return Client().post("/akun/masuk/", {"username": username, "password": PASSWORD}).status_code


@pytest.mark.django_db
def test_an_operator_sees_and_manages_only_their_agencys_accounts(
    staff: list[CivilServant], user_factory: Callable[..., User]
) -> None:
    operator = user_factory("agency_operator", agency=Agency.objects.get(code="DINKES"))
    client = client_for(operator)
    listed = client.get("/akun/pengguna/").content.decode()
    assert "Siti Rahayu" in listed and "Budi Santoso" not in listed
    other = User.objects.get(civil_servant=staff[1])
    assert client.get(f"/akun/pengguna/{other.pk}/").status_code == 404
    assert client_for(user_factory("csr_partner")).get("/akun/pengguna/").status_code == 403
    never = client.post("/akun/pengguna/", {"state": "belum-masuk", "saring": "1"}, follow=True).content.decode()
    assert "Siti Rahayu" in never


@pytest.mark.django_db
def test_deactivating_stops_logins_and_the_history_says_who_and_what(
    admin: User, user_factory: Callable[..., User]
) -> None:
    partner = user_factory("csr_partner")
    client = client_for(admin)
    assert _log_in(partner.username) == 302
    client.post(f"/akun/pengguna/{partner.pk}/", {"action": "deactivate"})
    assert _log_in(partner.username) == 200  # refused, the form again
    page = client.get(f"/akun/pengguna/{partner.pk}/").content.decode()
    assert "Nonaktif" in page and "Aktifkan lagi" in page and "dinonaktifkan" in page
    change = partner.history.order_by("-history_id").first()
    assert change is not None and change.history_user_id == admin.pk and change.is_active is False
    client.post(f"/akun/pengguna/{partner.pk}/", {"action": "reactivate"})
    assert _log_in(partner.username) == 302


@pytest.mark.django_db
def test_an_operator_cannot_touch_their_own_account_or_change_roles(
    staff: list[CivilServant], user_factory: Callable[..., User]
) -> None:
    operator = user_factory("agency_operator", agency=Agency.objects.get(code="DINKES"))
    with pytest.raises(ApplicationError):
        user_deactivate(actor=operator, user=operator)
    partner = user_factory("csr_partner")
    with pytest.raises(ApplicationError):
        user_role_change(actor=operator, user=partner, role=Role.LEADER)
    assert user_role_change(actor=None, user=partner, role=Role.LEADER).role == Role.LEADER


@pytest.mark.django_db
def test_unlocking_lets_a_locked_user_in_again(admin: User, user_factory: Callable[..., User]) -> None:
    partner = user_factory("csr_partner")
    for _n in range(5):
        Client().post("/akun/masuk/", {"username": partner.username, "password": "salah"})
    assert _log_in(partner.username) == 429
    client = client_for(admin)
    assert "terkunci" in client.get(f"/akun/pengguna/{partner.pk}/").content.decode()
    locked = client.post("/akun/pengguna/", {"state": "terkunci", "saring": "1"}, follow=True).content.decode()
    assert partner.username in locked
    client.post(f"/akun/pengguna/{partner.pk}/", {"action": "unlock"})
    assert _log_in(partner.username) == 302


@pytest.mark.django_db
def test_leaving_service_ends_the_account(staff: list[CivilServant]) -> None:
    person = staff[0]
    on = timezone.localdate()
    civil_servant_end_service(actor=None, civil_servant=person, on=on, reason=CivilServant.EndReason.RETIRED)
    account = User.objects.get(civil_servant=person)
    assert account.is_active is False
    assert account.history.order_by("-history_id").first().history_change_reason == "berhenti bertugas"  # type: ignore[union-attr]
    with pytest.raises(ApplicationError):
        user_reactivate(actor=None, user=account)


@pytest.mark.django_db
def test_an_end_of_service_ahead_of_its_date_closes_the_account_on_the_day(
    staff: list[CivilServant], today: Callable[..., date]
) -> None:
    person, start = staff[0], timezone.localdate()
    civil_servant_end_service(actor=None, civil_servant=person, on=start + timedelta(days=10),
                              reason=CivilServant.EndReason.RETIRED)  # fmt: skip
    call_command("scheduler", "--once", stdout=io.StringIO())
    account = User.objects.get(civil_servant=person)
    assert account.is_active is True
    today(start + timedelta(days=9))
    call_command("scheduler", "--once", stdout=io.StringIO())
    assert User.objects.get(pk=account.pk).is_active is True
    today(start + timedelta(days=10), at="00:30")  # the scheduler's first hour of the day
    call_command("scheduler", "--once", stdout=io.StringIO())
    account.refresh_from_db()
    assert account.is_active is False and User.objects.get(civil_servant=staff[1]).is_active is True
    assert account.history.order_by("-history_id").first().history_change_reason == "berhenti bertugas"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_the_api_and_the_command_manage_accounts_the_same_way(
    staff: list[CivilServant], admin: User, user_factory: Callable[..., User]
) -> None:
    partner = user_factory("csr_partner")
    api = api_for(admin)
    assert (
        api.post(f"/api/v1/users/{partner.pk}/deactivate/", {"reason": "pindah"}, format="json").json()["is_active"]
        is False
    )
    assert api.post(f"/api/v1/users/{partner.pk}/reactivate/", {}, format="json").json()["is_active"] is True
    changed = api.post(f"/api/v1/users/{partner.pk}/role/", {"role": "leader"}, format="json")
    assert changed.json()["role"] == "leader"
    found = api.post("/api/v1/users/search/", {"q": staff[0].nip}, format="json").json()["results"]
    assert [row["username"] for row in found] == [staff[0].nip]
    operator = api_for(user_factory("agency_operator", agency=Agency.objects.get(code="DINKES")))
    assert {row["username"] for row in operator.get("/api/v1/users/").json()["results"]} == {staff[0].nip}
    assert api_for(user_factory("bpjs_officer")).get("/api/v1/users/").status_code == 403
    out = io.StringIO()
    call_command("user", "deactivate", staff[1].nip, "--reason", "mutasi", stdout=out)
    assert out.getvalue().strip() == f"{staff[1].nip}: ASN, nonaktif."
    out = io.StringIO()
    call_command("user", "list", "--inactive", stdout=out)
    assert staff[1].nip in out.getvalue() and staff[0].nip not in out.getvalue()


@pytest.mark.django_db
def test_the_labour_office_creates_an_account_whose_owner_sets_the_password(
    admin: User, user_factory: Callable[..., User], agencies: dict[str, Agency]
) -> None:
    form = {"username": "petugas.bpjs2", "full_name": "Rina Petugas", "email": "rina@bpjs.contoh.id",
            "role": "bpjs_officer"}  # fmt: skip
    created = client_for(admin).post("/akun/pengguna/baru/", form, follow=True).content.decode()
    assert "tautan untuk membuat kata sandi dikirim ke rina@bpjs.contoh.id" in created
    account = User.objects.get(username="petugas.bpjs2")
    assert not account.has_usable_password() and account.history.first().history_user_id == admin.pk  # type: ignore[union-attr]
    (invitation,) = mail.outbox
    link = re.search(r"http://testserver(/akun/sandi-baru/\S+/)", str(invitation.body))
    assert link is not None and "petugas.bpjs2" in str(invitation.body)
    owner = Client()
    page = owner.get(link.group(1), follow=True)
    owner.post(page.redirect_chain[-1][0], {"new_password1": "Kopi-Tubruk#2026", "new_password2": "Kopi-Tubruk#2026"})
    account.refresh_from_db()
    assert account.check_password("Kopi-Tubruk#2026")
    operator = user_factory("agency_operator", agency=agencies["dinkes"])
    assert client_for(operator).get("/akun/pengguna/baru/").status_code == 403
    no_mail = client_for(admin).post("/akun/pengguna/baru/", form | {"username": "x", "email": ""}).content.decode()
    assert "Bidang ini harus diisi." in no_mail and not User.objects.filter(username="x").exists()


@pytest.mark.django_db
def test_the_labour_office_changes_a_role_on_the_page_and_the_history_keeps_before_and_after(
    admin: User, user_factory: Callable[..., User], staff: list[CivilServant]
) -> None:
    partner = user_factory("csr_partner")
    dinkes = Agency.objects.get(code="DINKES")
    client = client_for(admin)
    assert "Ubah peran" in client.get(f"/akun/pengguna/{partner.pk}/").content.decode()
    data = {"action": "role", "peran-role": "agency_operator", "peran-agency": dinkes.pk, "peran-district": ""}
    done = client.post(f"/akun/pengguna/{partner.pk}/", data, follow=True).content.decode()
    assert "Peran akun diubah menjadi Operator OPD." in done
    partner.refresh_from_db()
    assert (partner.role, partner.agency_id) == (Role.AGENCY_OPERATOR, dinkes.pk)
    before, after = partner.history.order_by("-history_id")[1], partner.history.order_by("-history_id")[0]
    assert (before.role, after.role, after.history_user_id) == ("csr_partner", "agency_operator", admin.pk)
    refused = client.post(f"/akun/pengguna/{partner.pk}/", {**data, "peran-agency": ""}, follow=True)
    assert "Operator OPD harus dipilih OPD-nya." in refused.content.decode()
    # A civil servant's account has no role to change, and an operator changes no roles.
    servant = User.objects.get(civil_servant=staff[0])
    assert "Ubah peran" not in client.get(f"/akun/pengguna/{servant.pk}/").content.decode()
    operator = client_for(user_factory("agency_operator", agency=dinkes))
    assert "Ubah peran" not in operator.get(f"/akun/pengguna/{servant.pk}/").content.decode()
    operator.post(f"/akun/pengguna/{servant.pk}/", {**data, "peran-role": "admin"})
    servant.refresh_from_db()
    assert servant.role == Role.CIVIL_SERVANT
