"""The permission matrix: every role × every page and API endpoint × an object
inside and outside its scope, asserting exactly who gets what."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, cast

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from peduli.accounts.models import Role, User
from peduli.accounts.roles import Capability, may
from peduli.agencies.models import Agency, CivilServant
from peduli.core.months import YearMonth
from peduli.ledger.models import Payment
from peduli.regions.models import Region
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.sponsorships.services import (
    NOT_SPONSORABLE,
    SponsorData,
    sponsor_create,
    sponsor_for_civil_servant,
    sponsorship_start,
)
from peduli.workers.models import Worker
from tests.support.clients import api_for, client_for
from tests.support.files import pdf_text, xlsx_column
from tests.support.records.ledger import pay

ROLES = [r.value for r in Role]
READERS = {"regency_admin", "leader", "agency_operator", "district_operator"}
MANAGERS = {"regency_admin", "agency_operator", "district_operator"}


@pytest.fixture
def world(
    agencies: dict[str, Agency], person_factory: Callable[..., CivilServant], user_factory: Callable[..., User]
) -> dict[str, Any]:
    """A civil servant in Dinkes (the agency operator's), one in Disdik (nobody's
    but the labour office's) and one in the Kendal district office."""
    dinkes_person = person_factory("dinkes")
    disdik_person = person_factory("disdik")
    kec_person = person_factory("kec")
    users = {
        "regency_admin": user_factory("regency_admin"),
        "leader": user_factory("leader"),
        "agency_operator": user_factory("agency_operator", agency=agencies["dinkes"]),
        "district_operator": user_factory("district_operator", district=agencies["kec"].district),
        "civil_servant": user_factory("civil_servant", civil_servant=dinkes_person),
        "bpjs_officer": user_factory("bpjs_officer"),
        "csr_partner": user_factory("csr_partner"),
    }
    return {
        "users": users,
        "people": {"dinkes": dinkes_person, "disdik": disdik_person, "kec": kec_person},
        "agencies": agencies,
    }


# Which civil servants each role may open: by page and by API alike.
SEES_PERSON = {
    "regency_admin": {"dinkes", "disdik", "kec"},
    "leader": {"dinkes", "disdik", "kec"},
    "agency_operator": {"dinkes"},
    "district_operator": {"kec"},
    "civil_servant": {"dinkes"},
    "bpjs_officer": set(),
    "csr_partner": set(),
}
# Agencies follow the same places: a civil servant sees their own agency.
SEES_AGENCY = SEES_PERSON
MAY_EDIT_PERSON = {
    "regency_admin": {"dinkes", "disdik", "kec"},
    "agency_operator": {"dinkes"},
    "district_operator": {"kec"},
}


@pytest.mark.parametrize("role", ROLES)
def test_civil_servant_detail_page_and_api(role: str, world: dict[str, Any]) -> None:
    client = client_for(world["users"][role])
    seen_by_page, seen_by_api = set(), set()
    for key in ("dinkes", "disdik", "kec"):
        person = world["people"][key]
        page = client.get(reverse("agencies:civil_servant_detail", args=[person.pk]))
        api = client.get(f"/api/v1/civil-servants/{person.pk}/")
        assert page.status_code in (200, 404) and api.status_code in (200, 404)  # never 403: no existence leak
        if page.status_code == 200:
            seen_by_page.add(key)
        if api.status_code == 200:
            seen_by_api.add(key)
    assert seen_by_page == SEES_PERSON[role]
    assert seen_by_api == SEES_PERSON[role]


@pytest.mark.parametrize("role", ROLES)
def test_agency_detail_page_and_api(role: str, world: dict[str, Any]) -> None:
    client = client_for(world["users"][role])
    seen = {
        key
        for key in ("dinkes", "disdik", "kec")
        if client.get(reverse("agencies:agency_detail", args=[world["agencies"][key].pk])).status_code == 200
    }
    seen_api = {
        key
        for key in ("dinkes", "disdik", "kec")
        if client.get(f"/api/v1/agencies/{world['agencies'][key].pk}/").status_code == 200
    }
    assert seen == seen_api == SEES_AGENCY[role]


@pytest.mark.parametrize("role", ROLES)
def test_list_pages_api_lists_and_exports_show_only_the_scope(role: str, world: dict[str, Any]) -> None:
    client = client_for(world["users"][role])
    expected_nips = {world["people"][key].nip for key in SEES_PERSON[role]}
    page = client.get(reverse("agencies:civil_servant_list"))
    export = client.get(reverse("agencies:civil_servant_export"))
    if role in READERS:
        assert page.status_code == 200
        shown = {p.nip for p in world["people"].values() if p.nip in page.content.decode()}
        assert shown == expected_nips
        assert export.status_code == 200
        assert set(xlsx_column(export.content, "NIP")) == expected_nips
    else:
        assert page.status_code == 403
        assert export.status_code == 403
    api = client.get("/api/v1/civil-servants/")
    assert api.status_code == 200
    assert {row["nip"] for row in api.json()["results"]} == expected_nips
    api_export = client.get("/api/v1/civil-servants/export/")
    if role in READERS:
        assert set(xlsx_column(api_export.content, "NIP")) == expected_nips
    else:
        assert api_export.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_edit_pages_open_only_within_the_managed_scope(role: str, world: dict[str, Any]) -> None:
    client = client_for(world["users"][role])
    allowed = {
        key
        for key in ("dinkes", "disdik", "kec")
        if client.get(reverse("agencies:civil_servant_update", args=[world["people"][key].pk])).status_code == 200
    }
    assert allowed == MAY_EDIT_PERSON.get(role, set())
    create = client.get(reverse("agencies:civil_servant_create"))
    assert create.status_code == (200 if role in MANAGERS else 403)
    agency_create = client.get(reverse("agencies:agency_create"))
    assert agency_create.status_code == (200 if role == "regency_admin" else 403)
    imports = client.get(reverse("agencies:roster_import_list"))
    assert imports.status_code == (200 if role in MANAGERS else 403)
    template = client.get(reverse("agencies:roster_import_template"))
    assert template.status_code == (200 if role in MANAGERS else 403)


@pytest.mark.parametrize("role", ROLES)
def test_api_writes_follow_the_same_rules(role: str, world: dict[str, Any]) -> None:
    client = client_for(world["users"][role])
    target = world["people"]["disdik"]
    response = client.post(
        f"/api/v1/civil-servants/{target.pk}/end-service/",
        {"on": "2026-01-01", "reason": "pensiun"},
        content_type="application/json",
    )
    expected = 200 if role == "regency_admin" else 404 if role not in ("leader",) else 403
    assert response.status_code == expected
    rename = client.post(
        f"/api/v1/agencies/{world['agencies']['dinkes'].pk}/rename/",
        {"new_name": "Dinas Baru", "effective": "2026-01-01"},
        content_type="application/json",
    )
    expected_rename = (
        200 if role == "regency_admin" else 403 if role in SEES_AGENCY and "dinkes" in SEES_AGENCY[role] else 404
    )
    assert rename.status_code == expected_rename


def test_anonymous_is_sent_to_login_and_refused_by_the_api(world: dict[str, Any]) -> None:
    client = Client()
    page = client.get(reverse("agencies:civil_servant_list"))
    assert page.status_code == 302 and reverse("accounts:login") in page["Location"]
    assert client.get("/api/v1/civil-servants/").status_code in (401, 403)


def test_django_admin_is_for_superusers_only(world: dict[str, Any]) -> None:
    admin = world["users"]["regency_admin"]
    admin.is_staff = True
    admin.save()
    assert client_for(admin).get("/django-admin/").status_code == 302


# Payments ----------------------------------------------------------------------

# Whose payments each role reads through the API; None: the API refuses (403),
# as the payment pages do. A civil servant reads their own (as on /saya/).
READS_PAYMENTS: dict[str, set[str] | None] = {
    "regency_admin": {"dinkes", "csr"},
    "leader": {"dinkes", "csr"},
    "agency_operator": {"dinkes"},
    "district_operator": None,
    "civil_servant": {"dinkes"},
    "bpjs_officer": None,
    "csr_partner": {"csr"},
}


@pytest.fixture
def money(world: dict[str, Any], worker_factory: Callable[..., Worker]) -> dict[str, Payment]:
    """A payment of the Dinkes civil servant, who sponsors a worker living in
    the Kendal district (the district operator's), and one of a CSR company
    whose partner account is the world's CSR partner."""
    dinkes = sponsor_for_civil_servant(actor=None, civil_servant=world["people"]["dinkes"])
    company = sponsor_create(
        actor=None,
        data=SponsorData(kind="csr", name="PT Contoh", code="CSR-01", partner=world["users"]["csr_partner"]),
    )
    village = Region.objects.filter(parent_id="33.24.15", level=Region.Level.VILLAGE).order_by("code").first()
    assert village is not None
    sponsorship_start(actor=None, sponsor=dinkes, worker=worker_factory(village.code), start=YearMonth.current())
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=YearMonth.current())
    return {"dinkes": pay(dinkes, 16_800, "TRF-DINKES-1"), "csr": pay(company, 16_800, "TRF-CSR-1")}


@pytest.mark.parametrize("role", ROLES)
def test_payments_api_answers_each_role_as_the_payment_pages_do(
    role: str, world: dict[str, Any], money: dict[str, Payment]
) -> None:
    user = world["users"][role]
    api, page = api_for(user), client_for(user)
    listed = api.get("/api/v1/payments/")
    details = {key: api.get(f"/api/v1/payments/{payment.pk}/").status_code for key, payment in money.items()}
    expected = READS_PAYMENTS[role]
    if expected is None:
        assert listed.status_code == 403
        assert set(details.values()) == {403}
    else:
        assert {row["reference"] for row in listed.json()["results"]} == {money[key].reference for key in expected}
        assert {key for key, code in details.items() if code == 200} == expected
        assert set(details.values()) <= {200, 404}
    # The pages: the ledger's readers see the same payments; everyone else is refused.
    listing = page.get(reverse("ledger:payment_list"))
    pages = {key: page.get(reverse("ledger:payment_detail", args=[p.pk])).status_code for key, p in money.items()}
    if may(user, Capability.READ_LEDGER):
        assert expected is not None
        assert {key for key, p in money.items() if p.reference in listing.content.decode()} == expected
        assert {key for key, code in pages.items() if code == 200} == expected
    else:
        assert listing.status_code == 403 and set(pages.values()) == {403}


@pytest.mark.parametrize("role", ["regency_admin", "district_operator", "bpjs_officer", "civil_servant"])
def test_a_sponsors_page_and_statement_show_payments_only_to_roles_that_read_them(
    role: str, world: dict[str, Any], money: dict[str, Payment]
) -> None:
    client = client_for(world["users"][role])
    sponsor = money["dinkes"].sponsor
    shows = READS_PAYMENTS[role] is not None
    page = client.get(reverse("sponsorships:sponsor_detail", args=[sponsor.pk]))
    assert page.status_code == 200
    assert ("TRF-DINKES-1" in page.content.decode()) == shows
    assert ("Pembayaran terakhir" in page.content.decode()) == shows
    month = str(YearMonth.current())
    statement = client.get(
        reverse("ledger:statement", args=[sponsor.pk]), {"dari": month, "sampai": month, "format": "pdf"}
    )
    text = pdf_text(statement.content)
    assert "Iuran bulanan" in text
    assert ("TRF-DINKES-1" in text) == ("Pembayaran diterima" in text) == shows


@pytest.mark.parametrize("role", ROLES)
def test_the_sponsorships_api_shows_a_workers_full_nik_only_to_the_registrys_readers(
    role: str, world: dict[str, Any], money: dict[str, Payment]
) -> None:
    user = world["users"][role]
    rows = api_for(user).get("/api/v1/sponsorships/").json()["results"]
    assert rows  # every role reads some sponsorship of this world
    for row in rows:
        nik = Worker.objects.get(pk=row["worker"]).nik
        assert row["worker_nik"] == (nik if may(user, Capability.READ_WORKERS) else f"{nik[:4]}********{nik[-4:]}")


@pytest.mark.parametrize("role", ROLES)
def test_arrears_api_is_refused_to_roles_the_arrears_page_refuses(
    role: str, world: dict[str, Any], money: dict[str, Payment]
) -> None:
    user = world["users"][role]
    page = client_for(user).get(reverse("ledger:arrears"))
    api = api_for(user).get("/api/v1/arrears/")
    assert page.status_code in (200, 403)
    assert api.status_code == page.status_code


# A civil servant's window on the registry (/saya/sponsori/) ----------------------

# What a page or answer for a civil servant never contains: which priority flags hold.
FLAG_LABELS = ("Disabilitas", "Perempuan kepala keluarga", "Lansia", "DTKS")
FLAG_FIELDS = ("in_social_register", "has_disability", "woman_head_of_household")


@pytest.fixture
def waiting(world: dict[str, Any], worker_factory: Callable[..., Worker]) -> dict[str, Worker]:
    """Workers as the Dinkes civil servant meets them: one waiting for a
    sponsor with every priority flag (63 years old), one already sponsored by
    a company, one not yet verified."""
    needy = worker_factory(
        name="Darsih Aminah", born=date(1963, 6, 1), in_social_register=True, has_disability=True,
        woman_head_of_household=True,
    )  # fmt: skip
    taken = worker_factory(name="Karsini Wulandari")
    company = sponsor_create(actor=None, data=SponsorData(kind="csr", name="PT Lain", code="CSR-02"))
    sponsorship_start(actor=None, sponsor=company, worker=taken, start=YearMonth.current())
    return {"needy": needy, "taken": taken, "unverified": worker_factory(name="Warsito", verified=False)}


def test_a_civil_servant_opens_only_the_workers_they_could_be_suggested(
    world: dict[str, Any], waiting: dict[str, Worker]
) -> None:
    client = client_for(world["users"]["civil_servant"])
    answers = {key: client.get(reverse("me:sponsor_confirm", args=[w.pk])).status_code for key, w in waiting.items()}
    assert answers == {"needy": 200, "taken": 404, "unverified": 404}
    nobody = max(w.pk for w in waiting.values()) + 1
    assert client.get(reverse("me:sponsor_confirm", args=[nobody])).status_code == 404
    # Tapping "sponsor" on any of them says the same nameless words, and sponsors nobody.
    for pk in (waiting["taken"].pk, waiting["unverified"].pk, nobody):
        response = client.post(reverse("me:sponsor_confirm", args=[pk]), follow=True)
        assert response.redirect_chain[-1][0] == reverse("me:suggestions")
        assert "Pekerja ini tidak dapat dipilih lagi." in response.content.decode()
        assert "Karsini" not in response.content.decode() and "Warsito" not in response.content.decode()
    assert not Sponsorship.objects.filter(sponsor__civil_servant=world["people"]["dinkes"]).exists()


def test_a_civil_servant_is_told_a_worker_is_a_priority_never_which_flags_hold(
    world: dict[str, Any], waiting: dict[str, Worker]
) -> None:
    user = world["users"]["civil_servant"]
    client, api = client_for(user), api_for(user)
    sheet = reverse("me:sponsor_confirm", args=[waiting["needy"].pk])
    for response in (
        client.get(reverse("me:suggestions")),
        client.get(sheet),
        client.get(sheet, HTTP_HX_REQUEST="true"),
    ):
        text = response.content.decode()
        assert "Darsih Aminah" in text and "Prioritas" in text
        assert [label for label in FLAG_LABELS if label in text] == []
    # The API shows them no worker at all; their own sponsorship carries no flags.
    assert api.get(f"/api/v1/workers/{waiting['needy'].pk}/").status_code == 404
    assert api.get("/api/v1/workers/").json()["results"] == []
    client.post(sheet)
    mine = api.get("/api/v1/sponsorships/").content.decode()
    assert "Darsih Aminah" in mine
    assert [name for name in (*FLAG_FIELDS, *FLAG_LABELS) if name in mine] == []


# Starting a sponsorship by NIK: no name, no existence, no haste -----------------

NOBODYS_NIK = "3324014101900999"


@pytest.fixture
def niks(world: dict[str, Any], worker_factory: Callable[..., Worker]) -> dict[str, Any]:
    """NIKs a sponsor's manager might type: Darsih Aminah's (sponsored by PT
    Lain Sejahtera), that of a worker who turns 65 within a year, an
    unverified worker's, a free worker's and one nobody has; and the Dinkes
    civil servant's sponsor record, which the agency operator and the civil
    servant both manage."""
    today = date.today()
    taken = worker_factory(name="Darsih Aminah")
    company = sponsor_create(actor=None, data=SponsorData(kind="csr", name="PT Lain Sejahtera", code="CSR-09"))
    sponsorship_start(actor=None, sponsor=company, worker=taken, start=YearMonth.current())
    return {
        "sponsor": sponsor_for_civil_servant(actor=None, civil_servant=world["people"]["dinkes"]),
        "taken": taken.nik,
        "old": worker_factory(name="Kakek Tua", born=date(today.year - 65, today.month, 1) + timedelta(days=200)).nik,
        "unverified": worker_factory(name="Belum Verif", verified=False).nik,
        "free": worker_factory(name="Bebas Donatur").nik,
        "nobody": NOBODYS_NIK,
    }


def _start(client: Any, sponsor: Sponsor, nik: str, start: YearMonth) -> tuple[int, Any]:
    response = client.post(
        "/api/v1/sponsorships/", {"sponsor": sponsor.pk, "worker": nik, "start": str(start)}, format="json"
    )
    return response.status_code, response.json()


@pytest.mark.parametrize("role", ["agency_operator", "civil_servant"])
def test_a_sponsors_manager_learns_nothing_about_a_worker_from_their_nik(
    role: str, world: dict[str, Any], niks: dict[str, Any]
) -> None:
    api, sponsor, now = api_for(world["users"][role]), niks["sponsor"], YearMonth.current()
    # A year ahead, the last start month allowed, "old" is 65.
    answers = {key: _start(api, sponsor, niks[key], now + 12) for key in ("taken", "old", "unverified", "nobody")}
    # One answer for them all, naming neither the worker nor the other sponsor.
    assert set(map(repr, answers.values())) == {repr((400, {"worker": [str(NOT_SPONSORABLE)]}))}
    # A start month too far ahead is refused before any NIK is looked at.
    far = {key: _start(api, sponsor, niks[key], now + 13) for key in ("taken", "free", "unverified", "nobody")}
    assert set(map(repr, far.values())) == {
        repr((400, {"start": ["Bulan mulai paling lambat 12 bulan dari sekarang."]}))
    }
    assert not Sponsorship.objects.filter(sponsor=sponsor).exists()


def test_the_start_page_tells_an_agency_operator_nothing_about_another_sponsors_worker(
    world: dict[str, Any], niks: dict[str, Any]
) -> None:
    page = client_for(world["users"]["agency_operator"])
    form = {"sponsor": niks["sponsor"].code, "programme": "jkk_jkm", "declared_income": 1_000_000}
    now = YearMonth.current()
    for key in ("taken", "nobody"):
        text = page.post(
            reverse("sponsorships:sponsorship_create"), {**form, "worker_nik": niks[key], "start": str(now)}
        ).content.decode()
        assert str(NOT_SPONSORABLE) in text
        assert "Darsih" not in text and "PT Lain Sejahtera" not in text
        far = page.post(
            reverse("sponsorships:sponsorship_create"), {**form, "worker_nik": niks[key], "start": str(now + 13)}
        )
        assert "Bulan mulai paling lambat 12 bulan dari sekarang." in far.content.decode()
        assert str(NOT_SPONSORABLE) not in far.content.decode()


def test_the_labour_office_is_told_what_is_wrong_but_not_whose_worker_it_is(
    world: dict[str, Any], niks: dict[str, Any]
) -> None:
    api, now = api_for(world["users"]["regency_admin"]), YearMonth.current()
    assert _start(api, niks["sponsor"], niks["taken"], now) == (
        400, {"worker": ["Pekerja ini sudah dibiayai donatur lain pada bulan itu."]},
    )  # fmt: skip
    assert _start(api, niks["sponsor"], niks["nobody"], now)[1]["worker"][0].startswith("Pekerja tidak ditemukan")


def _rate(scope: str) -> int:
    """How many requests a minute the scope allows (the settings' "N/min")."""
    rates = cast(dict[str, str], settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
    count, period = rates[scope].split("/")
    assert period.startswith("m")
    return int(count)


def test_starting_sponsorships_is_throttled_per_user(world: dict[str, Any], niks: dict[str, Any]) -> None:
    operator = api_for(world["users"]["agency_operator"])
    now = YearMonth.current()
    for _n in range(_rate("sponsorship_start")):
        assert _start(operator, niks["sponsor"], NOBODYS_NIK, now)[0] == 400
    over = operator.post(
        "/api/v1/sponsorships/", {"sponsor": niks["sponsor"].pk, "worker": niks["free"], "start": str(now)},
        format="json",
    )  # fmt: skip
    assert over.status_code == 429
    assert (
        over.json()["detail"].startswith("Terlalu banyak permintaan. Coba lagi dalam") and int(over["Retry-After"]) > 0
    )
    assert not Sponsorship.objects.filter(sponsor=niks["sponsor"]).exists()
    # Reading is not held back, nor is another user.
    assert operator.get("/api/v1/sponsorships/").status_code == 200
    assert _start(api_for(world["users"]["civil_servant"]), niks["sponsor"], niks["free"], now)[0] == 201


def test_checking_niks_is_for_those_who_register_workers_and_is_throttled(world: dict[str, Any]) -> None:
    assert (
        api_for(world["users"]["agency_operator"])
        .post("/api/v1/workers/check-nik/", {"nik": NOBODYS_NIK}, format="json")
        .status_code
        == 403
    )
    clerk = api_for(world["users"]["district_operator"])
    for _n in range(_rate("nik_check")):
        assert clerk.post("/api/v1/workers/check-nik/", {"nik": NOBODYS_NIK}, format="json").status_code == 200
    assert clerk.post("/api/v1/workers/check-nik/", {"nik": NOBODYS_NIK}, format="json").status_code == 429
