"""The sponsor and sponsorship pages through the real views and database:
who sees what, and every form going through its service."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peduli.accounts.models import User
from peduli.agencies.models import Agency, CivilServant
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.ledger.models import Due
from peduli.regions.models import Region
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.sponsorships.services import (
    SponsorData,
    sponsor_create,
    sponsor_for_civil_servant,
    sponsorship_end,
    sponsorship_end_undo,
    sponsorship_start,
)
from peduli.sponsorships.views import SPONSORSHIPS_PER_PAGE
from peduli.workers.models import Worker
from tests.support.clients import api_for, client_for
from tests.support.clock import first_day_overdue
from tests.support.records.ledger import pay

NOW = YearMonth.current()


@pytest.fixture
def civil_servant_sponsor(person_factory: Callable[..., CivilServant]) -> Sponsor:
    return sponsor_for_civil_servant(actor=None, civil_servant=person_factory("dinkes", name="Siti Rahayu"))


def test_sponsor_list_searches_and_filters_by_kind_and_agency(
    admin: User, company: Sponsor, civil_servant_sponsor: Sponsor
) -> None:
    client = client_for(admin)
    url = reverse("sponsorships:sponsor_list")
    page = client.get(url).content.decode()
    assert "PT Contoh Makmur" in page and "Siti Rahayu" in page
    page = client.get(url, {"q": "csr-01"}).content.decode()
    assert "PT Contoh Makmur" in page and "Siti Rahayu" not in page
    page = client.get(url, {"kind": "asn"}).content.decode()
    assert "Siti Rahayu" in page and "PT Contoh Makmur" not in page
    page = client.get(url, {"agency": str(civil_servant_sponsor.agency_id)}).content.decode()
    assert "Siti Rahayu" in page and "PT Contoh Makmur" not in page


def test_agency_operator_sees_only_their_agencys_sponsors_and_others_give_404(
    user_factory: Callable[..., User], agencies: dict[str, Agency], company: Sponsor, civil_servant_sponsor: Sponsor
) -> None:
    operator = client_for(user_factory("agency_operator", agency=agencies["dinkes"]))
    page = operator.get(reverse("sponsorships:sponsor_list")).content.decode()
    assert "Siti Rahayu" in page and "PT Contoh Makmur" not in page
    assert operator.get(reverse("sponsorships:sponsor_detail", args=[civil_servant_sponsor.pk])).status_code == 200
    assert operator.get(reverse("sponsorships:sponsor_detail", args=[company.pk])).status_code == 404
    other = client_for(user_factory("agency_operator", agency=agencies["disdik"]))
    assert other.get(reverse("sponsorships:sponsor_detail", args=[civil_servant_sponsor.pk])).status_code == 404


def test_roles_without_business_get_403(
    user_factory: Callable[..., User], person_factory: Callable[..., CivilServant]
) -> None:
    civil_servant = client_for(user_factory("civil_servant", civil_servant=person_factory()))
    assert civil_servant.get(reverse("sponsorships:sponsor_list")).status_code == 403
    assert civil_servant.get(reverse("sponsorships:sponsorship_create")).status_code == 403
    leader = client_for(user_factory("leader"))
    assert leader.get(reverse("sponsorships:sponsor_list")).status_code == 200
    assert leader.get(reverse("sponsorships:sponsor_create")).status_code == 403
    assert leader.get(reverse("sponsorships:sponsorship_create")).status_code == 403


@pytest.mark.calendar
def test_a_sponsor_of_many_workers_shows_them_a_page_at_a_time(
    admin: User, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    for _n in range(SPONSORSHIPS_PER_PAGE + 3):
        sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    url = reverse("sponsorships:sponsor_detail", args=[company.pk])
    first = client_for(admin).get(url)
    assert first.context["running_count"] == SPONSORSHIPS_PER_PAGE + 3
    assert len(first.context["grid"]) == SPONSORSHIPS_PER_PAGE and 'halaman=2"' in first.content.decode()
    second = client_for(admin).get(url, {"halaman": "2"})
    shown = {row.sponsorship.pk for row in first.context["grid"]} | {
        row.sponsorship.pk for row in second.context["grid"]
    }
    assert len(second.context["grid"]) == 3 and shown == set(company.sponsorships.values_list("pk", flat=True))


def test_sponsor_detail_shows_workers_the_dues_grid_arrears_and_statement_links(
    admin: User, company: Sponsor, worker_factory: Callable[..., Worker], today: Callable[..., date]
) -> None:
    today(first_day_overdue(NOW))
    worker = worker_factory(name="Parjo Utomo")
    sponsorship_start(actor=None, sponsor=company, worker=worker, start=NOW - 2)
    page = client_for(admin).get(reverse("sponsorships:sponsor_detail", args=[company.pk])).content.decode()
    assert reverse("workers:worker_detail", args=[worker.pk]) in page  # the labour office sees workers
    assert page.count('class="badge text-bg-danger"') >= 3  # three unpaid months in the grid
    assert "Rp 50.400" in page  # arrears: 3 × 16,800
    assert reverse("ledger:statement", args=[company.pk]) in page


def test_organisation_sponsor_is_created_and_updated_through_the_service(admin: User) -> None:
    client = client_for(admin)
    response = client.post(
        reverse("sponsorships:sponsor_create"),
        {"kind": "csr", "code": "bank-jateng", "name": "Bank Jateng", "contact_name": "Bu Ani"},
    )
    sponsor = Sponsor.objects.get(code="BANK-JATENG")
    assert response.status_code == 302 and response["Location"] == sponsor.get_absolute_url()
    response = client.post(
        reverse("sponsorships:sponsor_update", args=[sponsor.pk]),
        {"name": "PT Bank Jateng", "contact_name": "Pak Budi", "phone": "081234"},
    )
    sponsor.refresh_from_db()
    assert sponsor.name == "PT Bank Jateng" and sponsor.contact_name == "Pak Budi" and sponsor.code == "BANK-JATENG"


def test_duplicate_sponsor_code_shows_the_services_message(admin: User, company: Sponsor) -> None:
    response = client_for(admin).post(
        reverse("sponsorships:sponsor_create"), {"kind": "csr", "code": "csr-01", "name": "Lain"}
    )
    assert response.status_code == 200
    assert "Kode donatur CSR-01 sudah dipakai." in response.content.decode()


def test_start_form_starts_a_sponsorship_and_shows_the_premium(
    admin: User, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory()
    client = client_for(admin)
    preview = client.post(
        reverse("sponsorships:premium"), {"start": str(NOW), "programme": "jkk_jkm_jht", "declared_income": "2000000"}
    )
    assert "Rp 66.800" in preview.content.decode()
    response = client.post(
        reverse("sponsorships:sponsorship_create"),
        {"sponsor": "csr-01", "worker_nik": worker.nik, "start": str(NOW), "programme": "jkk_jkm",
         "declared_income": 1_000_000},
    )  # fmt: skip
    sponsorship = Sponsorship.objects.get(worker=worker)
    assert response["Location"] == sponsorship.get_absolute_url()
    assert sponsorship.sponsor == company and sponsorship.start == NOW


def test_start_form_shows_the_overlap_refusal_beside_the_worker(
    admin: User, company: Sponsor, civil_servant_sponsor: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory(name="Parjo Utomo")
    sponsorship_start(actor=None, sponsor=company, worker=worker, start=NOW)
    response = client_for(admin).post(
        reverse("sponsorships:sponsorship_create"),
        {"sponsor": civil_servant_sponsor.code, "worker_nik": worker.nik, "start": str(NOW),
         "programme": "jkk_jkm", "declared_income": 1_000_000},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Pekerja ini sudah dibiayai donatur lain pada bulan itu." in response.content.decode()
    assert "Parjo Utomo" not in response.content.decode() and "PT Contoh Makmur" not in response.content.decode()


def test_agency_operator_starts_a_sponsorship_for_a_civil_servant_chosen_by_nip(
    user_factory: Callable[..., User],
    agencies: dict[str, Agency],
    person_factory: Callable[..., CivilServant],
    worker_factory: Callable[..., Worker],
) -> None:
    person = person_factory("dinkes", name="Budi Santoso")
    outsider = person_factory("disdik", name="Orang Lain")
    worker = worker_factory()
    operator = client_for(user_factory("agency_operator", agency=agencies["dinkes"]))
    form = {"worker_nik": worker.nik, "start": str(NOW), "programme": "jkk_jkm", "declared_income": 1_000_000}
    refused = operator.post(reverse("sponsorships:sponsorship_create"), {**form, "sponsor": outsider.nip})
    assert f"Tidak ada donatur atau ASN dengan kode {outsider.nip}." in refused.content.decode()
    operator.post(reverse("sponsorships:sponsorship_create"), {**form, "sponsor": person.nip})
    sponsorship = Sponsorship.objects.get(worker=worker)
    assert sponsorship.sponsor.civil_servant == person and sponsorship.sponsor.kind == Sponsor.Kind.CIVIL_SERVANT


def test_unverified_worker_cannot_be_chosen(
    admin: User, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory(verified=False)
    response = client_for(admin).post(
        reverse("sponsorships:sponsorship_create"),
        {"sponsor": "CSR-01", "worker_nik": worker.nik, "start": str(NOW), "programme": "jkk_jkm",
         "declared_income": 1_000_000},
    )  # fmt: skip
    assert "Pekerja tidak ditemukan; isi NIK 16 digit atau ID pekerja terverifikasi." in response.content.decode()
    assert not Sponsorship.objects.exists()


def test_sponsorship_list_filters_running_ended_kind_and_district(
    admin: User, company: Sponsor, civil_servant_sponsor: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    running = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(name="Parjo Utomo"), start=NOW - 1)
    ended = sponsorship_start(
        actor=None, sponsor=civil_servant_sponsor, worker=worker_factory("33.24.02.2002", name="Sumini"),
        start=NOW - 1,
    )  # fmt: skip
    sponsorship_end(actor=None, sponsorship=ended, last_month=NOW - 1, reason="donatur_berhenti")
    client = client_for(admin)
    url = reverse("sponsorships:sponsorship_list")
    page = client.get(url, {"state": "berjalan"}).content.decode()
    assert running.worker.name in page and "Sumini" not in page
    page = client.get(url, {"state": "berakhir"}).content.decode()
    assert "Sumini" in page and running.worker.name not in page
    page = client.get(url, {"kind": "asn"}).content.decode()
    assert "Sumini" in page and running.worker.name not in page
    page = client.get(url, {"district": "33.24.02"}).content.decode()
    assert "Sumini" in page and running.worker.name not in page


def test_district_operator_sees_sponsorships_of_their_district_only(
    user_factory: Callable[..., User], company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    inside = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    outside = sponsorship_start(actor=None, sponsor=company, worker=worker_factory("33.24.02.2002"), start=NOW)
    operator = client_for(user_factory("district_operator", district=Region.objects.get(code="33.24.01")))
    assert operator.get(reverse("sponsorships:sponsorship_detail", args=[inside.pk])).status_code == 200
    assert operator.get(reverse("sponsorships:sponsorship_detail", args=[outside.pk])).status_code == 404


def test_end_form_ends_through_the_service_and_shows_its_refusal(
    admin: User, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    client = client_for(admin)
    url = reverse("sponsorships:sponsorship_end", args=[sponsorship.pk])
    refused = client.post(url, {"last_month": str(NOW - 1), "reason": "donatur_berhenti"})
    assert "Bulan terakhir tidak boleh sebelum bulan mulai" in refused.content.decode()
    response = client.post(url, {"last_month": str(NOW), "reason": "donatur_berhenti", "note": "pindah tugas"})
    assert response.status_code == 302
    sponsorship.refresh_from_db()
    assert sponsorship.end == NOW and sponsorship.end_note == "pindah tugas"


def test_an_end_by_mistake_is_undone_the_same_day_and_its_dues_are_owed_and_paid_again(
    admin: User, company: Sponsor, worker_factory: Callable[..., Worker], today: Callable[..., date]
) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(name="Darsih"), start=NOW - 1)
    pay(company, 2 * 16_800, "TRF-UNDO")  # both months paid
    client = client_for(admin)
    url = reverse("sponsorships:sponsorship_end", args=[sponsorship.pk])
    form = client.get(url).content.decode()
    assert 'data-confirm="Akhiri kepesertaan Darsih yang dibiayai PT Contoh Makmur?' in form
    assert '<option value="" selected>— pilih alasan —</option>' in form
    assert "Pilih alasan berakhir." in client.post(url, {"last_month": str(NOW - 1), "reason": ""}).content.decode()
    client.post(url, {"last_month": str(NOW - 1), "reason": "donatur_berhenti"})
    this_month = Due.objects.get(sponsorship=sponsorship, month=NOW.first_day)
    company.refresh_from_db()
    assert this_month.cancelled and company.credit == 16_800  # its money went back to the sponsor
    detail = reverse("sponsorships:sponsorship_detail", args=[sponsorship.pk])
    assert "Batalkan pengakhiran" in client.get(detail).content.decode()
    done = client.post(reverse("sponsorships:sponsorship_end_undo", args=[sponsorship.pk]), follow=True)
    assert "Pengakhiran kepesertaan Darsih dibatalkan" in done.content.decode()
    sponsorship.refresh_from_db()
    this_month.refresh_from_db()
    company.refresh_from_db()
    assert (sponsorship.end_month, sponsorship.end_reason, sponsorship.ended_at) == (None, "", None)
    assert (this_month.cancelled, this_month.paid_amount, company.credit) == (False, 16_800, 0)
    reasons = list(sponsorship.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons[-1] == "pengakhiran dibatalkan"
    # Another day, or another sponsor on the worker meanwhile: the end stands.
    client.post(url, {"last_month": str(NOW), "reason": "donatur_berhenti"})
    today(timezone.localdate() + timedelta(days=1))
    undo = reverse("sponsorships:sponsorship_end_undo", args=[sponsorship.pk])
    assert undo not in client.get(detail).content.decode()
    refused = client.post(undo, follow=True)
    assert "tidak dapat dibatalkan lagi" in refused.content.decode()


def test_an_undo_is_refused_once_another_sponsor_took_the_worker_on(
    admin: User, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory()
    ended = sponsorship_start(actor=None, sponsor=company, worker=worker, start=NOW - 1)
    sponsorship_end(actor=None, sponsorship=ended, last_month=NOW - 1, reason="donatur_berhenti")
    other = sponsor_create(actor=None, data=SponsorData(kind="csr", name="PT Lain", code="CSR-02"))
    sponsorship_start(actor=None, sponsor=other, worker=worker, start=NOW)
    with pytest.raises(ApplicationError, match="sudah dibiayai donatur lain"):
        sponsorship_end_undo(actor=None, sponsorship=ended)
    refused = api_for(admin).post(f"/api/v1/sponsorships/{ended.pk}/undo-end/", {}, format="json")
    assert refused.status_code == 400 and "sudah dibiayai donatur lain" in str(refused.json())


def test_month_input_rejects_an_unreadable_month_in_indonesian(
    admin: User, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    response = client_for(admin).post(
        reverse("sponsorships:sponsorship_end", args=[sponsorship.pk]),
        {"last_month": "juni", "reason": "donatur_berhenti"},
    )
    assert "Tulis bulan sebagai TTTT-BB" in response.content.decode()
