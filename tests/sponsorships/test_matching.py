"""Suggesting workers to a civil servant: who is offered, in what order, on
the real database."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from peduli.accounts.models import User
from peduli.agencies.models import CivilServant
from peduli.core.months import YearMonth
from peduli.regions.models import Region
from peduli.sponsorships.matching import candidate_queryset_for, suggestions_for
from peduli.sponsorships.services import SponsorData, sponsor_create, sponsorship_end, sponsorship_start
from peduli.users.services import user_create
from peduli.workers.models import Worker
from peduli.workers.services import worker_transition

HOME = "33.24.01.2001"  # Blumah, Plantungan
SAME_DISTRICT = "33.24.01.2002"
ELSEWHERE = "33.24.02.2002"
NOW = YearMonth.current()


def civil_servant_user(person_factory: Callable[..., CivilServant], home: str | None = HOME) -> Any:
    person = person_factory(home_village=Region.objects.get(code=home) if home else None)
    return user_create(actor=None, username="", password="x", role="civil_servant", civil_servant=person,
                       check_password=False)  # fmt: skip


def names(user: Any, **page: Any) -> list[str]:
    return [worker.name for worker in suggestions_for(user, **page).workers]


def test_same_village_comes_before_same_district_before_the_rest_and_flags_first_within_each(
    person_factory: Callable[..., CivilServant], worker_factory: Callable[..., Worker]
) -> None:
    user = civil_servant_user(person_factory)
    # Created in this order, so verified (waiting) longest first.
    worker_factory(ELSEWHERE, name="Jauh Berprioritas", in_social_register=True, has_disability=True)
    worker_factory(SAME_DISTRICT, name="Sekecamatan")
    worker_factory(HOME, name="Sedesa Biasa Lama")
    worker_factory(HOME, name="Sedesa Disabilitas", has_disability=True)
    worker_factory(HOME, name="Sedesa Lansia", born=date(date.today().year - 62, 1, 1))
    worker_factory(HOME, name="Sedesa Biasa Baru")
    worker_factory(HOME, name="Sedesa Dua Tanda", in_social_register=True, woman_head_of_household=True)
    worker_factory(SAME_DISTRICT, name="Sekecamatan DTKS", in_social_register=True)

    assert names(user) == [
        "Sedesa Dua Tanda",
        "Sedesa Disabilitas",
        "Sedesa Lansia",
        "Sedesa Biasa Lama",
        "Sedesa Biasa Baru",
        "Sekecamatan DTKS",
        "Sekecamatan",
        "Jauh Berprioritas",
    ]
    page = suggestions_for(user, offset=2, limit=3)
    assert [w.name for w in page.workers] == ["Sedesa Lansia", "Sedesa Biasa Lama", "Sedesa Biasa Baru"]
    assert page.has_more and page.next_offset == 5
    assert not suggestions_for(user, offset=5, limit=3).has_more


def test_without_a_home_village_the_neediest_and_longest_waiting_come_first(
    person_factory: Callable[..., CivilServant], worker_factory: Callable[..., Worker]
) -> None:
    user = civil_servant_user(person_factory, home=None)
    worker_factory(HOME, name="Pertama")
    worker_factory(ELSEWHERE, name="Kedua Berprioritas", has_disability=True)
    assert names(user) == ["Kedua Berprioritas", "Pertama"]


def test_only_verified_or_lapsed_workers_without_a_running_sponsorship_under_65_are_suggested(
    person_factory: Callable[..., CivilServant], worker_factory: Callable[..., Worker]
) -> None:
    user = civil_servant_user(person_factory)
    company = sponsor_create(actor=None, data=SponsorData(kind="csr", name="PT Contoh", code="CSR-1"))
    worker_factory(HOME, name="Menunggu")
    worker_factory(HOME, name="Belum Diverifikasi", verified=False)
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(HOME, name="Sudah Dibiayai"), start=NOW)
    ended = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(HOME, name="Pernah Dibiayai"),
                              start=NOW - 3)  # fmt: skip
    sponsorship_end(actor=None, sponsorship=ended, last_month=NOW - 1, reason="donatur_berhenti")
    lapsed = worker_factory(HOME, name="Menunggak")
    Worker.objects.filter(pk=lapsed.pk).update(status=Worker.Status.LAPSED)
    aged = worker_factory(HOME, name="Sudah 65")
    # Turned 65 since registration (the registry refuses to register them older).
    Worker.objects.filter(pk=aged.pk).update(birth_date=date(date.today().year - 66, 1, 1))
    worker_transition(actor=None, worker=worker_factory(HOME, name="Berakhir"), to=Worker.Status.ENDED,
                      on=date.today(), reason="formal_work")  # fmt: skip

    assert sorted(names(user)) == ["Menunggak", "Menunggu", "Pernah Dibiayai"]


def test_suggestions_are_one_query_and_only_for_civil_servants(
    person_factory: Callable[..., CivilServant],
    worker_factory: Callable[..., Worker],
    user_factory: Callable[..., User],
) -> None:
    user = civil_servant_user(person_factory)
    for _ in range(12):
        worker_factory(HOME)
    user.civil_servant.home_village  # noqa: B018 — the user's own record, loaded once per request anyway
    with CaptureQueriesContext(connection) as queries:
        page = suggestions_for(user)
    assert len(page.workers) == 10 and page.has_more
    assert len(queries) == 1
    admin = user_factory("regency_admin")
    assert suggestions_for(admin).workers == [] and not candidate_queryset_for(admin).exists()


def test_candidates_carry_the_nik_masked_by_the_database(
    person_factory: Callable[..., CivilServant], worker_factory: Callable[..., Worker]
) -> None:
    user = civil_servant_user(person_factory)
    worker = worker_factory(HOME)
    shown = candidate_queryset_for(user).get(pk=worker.pk)
    assert vars(shown)["nik_masked"] == f"{worker.nik[:4]}********{worker.nik[-4:]}"
