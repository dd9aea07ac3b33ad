"""The home page says what each user has to do next (issue 15 point 5):
items from the role matrix, counted by the work's own scoped selector,
linking to where it is done; instance-wide counts only for those who steer."""

from collections.abc import Callable

import pytest

from peduli.accounts.models import User
from peduli.agencies.models import Agency, CivilServant
from peduli.regions.models import Region
from peduli.site.todo import todo_for
from peduli.workers.models import Worker
from tests.support.clients import client_for


def _items(user: User) -> dict[str, tuple[int, str]]:
    return {item.label: (item.count, item.url) for item in todo_for(user)}


@pytest.mark.django_db
def test_an_agency_operator_sees_the_agencys_accounts_and_report_not_the_regencys_counts(
    person_factory: Callable[..., CivilServant], user_factory: Callable[..., User]
) -> None:
    person_factory("dinkes")
    person_factory("disdik")
    operator = user_factory("agency_operator", agency=Agency.objects.get(code="DINKES"))
    items = _items(operator)
    assert items["ASN belum punya akun"] == (1, "/akun/asn/")  # the agency's one, not the other agency's
    assert any(label.startswith("Laporan bulanan") for label in items)
    assert "Pekerja menunggu verifikasi" not in items
    page = client_for(operator).get("/").content.decode()
    assert "Yang perlu dikerjakan" in page and "ASN belum punya akun" in page and "Desa/kelurahan" not in page


@pytest.mark.django_db
def test_a_district_operator_sees_the_districts_workers_to_verify(
    worker_factory: Callable[..., Worker], user_factory: Callable[..., User], kendal: Region
) -> None:
    worker_factory("33.24.01.2001", verified=False)
    worker_factory("33.24.02.2002", verified=False)
    operator = user_factory("district_operator", district=Region.objects.get(code="33.24.01"))
    assert _items(operator)["Pekerja menunggu verifikasi"] == (1, "/pekerja/verifikasi/")
    assert "ASN belum punya akun" not in _items(operator)


@pytest.mark.django_db
def test_the_bpjs_officer_sees_remittances_and_registrations_and_the_office_its_counts(
    user_factory: Callable[..., User], admin: User
) -> None:
    items = _items(user_factory("bpjs_officer"))
    assert items["Setoran menunggu konfirmasi BPJS"] == (0, "/iuran/setoran/")
    assert "Pendaftaran BPJS ditolak, perlu diperbaiki" in items and "ASN belum punya akun" not in items
    assert "Desa/kelurahan" in client_for(admin).get("/").content.decode()


@pytest.mark.django_db
def test_the_home_page_writes_the_day_as_people_do(admin: User, today: Callable[..., object]) -> None:
    today("2026-12-02")
    assert "Rabu, 2 Desember 2026" in client_for(admin).get("/").content.decode()
