"""The civil servant's own page (/saya/): their sponsored workers and months,
sponsoring in two steps, receipts and the piagam, through the real views and
database."""

import subprocess
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from peduli.accounts.models import User
from peduli.agencies.models import Agency, CivilServant
from peduli.core.models import AccessLog
from peduli.core.months import YearMonth
from peduli.ledger.calendar import premium_overdue
from peduli.ledger.models import Due
from peduli.ledger.services import payment_reverse
from peduli.regions.models import Region
from peduli.sponsorships.documents import number_in_words, rupiah_in_words
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.sponsorships.services import (
    SponsorData,
    sponsor_create,
    sponsor_for_civil_servant,
    sponsorship_end,
    sponsorship_start,
)
from peduli.users.services import user_create
from peduli.workers.models import Worker
from tests.support.clients import client_for
from tests.support.clock import first_day_overdue, last_day_to_pay
from tests.support.records.ledger import pay

NOW = YearMonth.current()
HOME = "33.24.01.2001"


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode()


@pytest.fixture
def civil_servant(person_factory: Callable[..., CivilServant], kendal: Region) -> Any:
    person = person_factory("dinkes", name="Siti Rahayu", home_village=Region.objects.get(code=HOME))
    user_create(actor=None, username="", password="x", role="civil_servant", civil_servant=person, check_password=False)
    return person


@pytest.fixture
def asn(civil_servant: Any) -> Client:
    return client_for(civil_servant.user)


def sponsor_of(person: Any) -> Sponsor:
    return sponsor_for_civil_servant(actor=None, civil_servant=person)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (45, "empat puluh lima"),
        (100, "seratus"),
        (111, "seratus sebelas"),
        (250, "dua ratus lima puluh"),
        (1_000, "seribu"),
        (1_100, "seribu seratus"),
        (16_800, "enam belas ribu delapan ratus"),
        (201_600, "dua ratus satu ribu enam ratus"),
        (1_000_000, "satu juta"),
        (11_000_000, "sebelas juta"),
        (1_500_000_000, "satu miliar lima ratus juta"),
        (2_000_000_000_000, "dua triliun"),
        (-5_000, "minus lima ribu"),
    ],
)
def test_numbers_are_written_in_indonesian_words(number: int, words: str) -> None:
    assert number_in_words(number) == words


def test_a_receipt_spells_rupiah() -> None:
    assert rupiah_in_words(16_800) == "enam belas ribu delapan ratus rupiah"


def test_a_civil_servant_who_sponsors_nobody_is_invited_to_choose_a_worker(asn: Client) -> None:
    page = asn.get(reverse("me:home")).content.decode()
    assert "Ayo ikut Gerakan ASN Peduli Pekerja Rentan" in page
    assert reverse("me:suggestions") in page
    assert "Piagam (PDF)" not in page


@pytest.mark.calendar
def test_the_page_shows_sponsored_workers_masked_with_their_months_and_what_is_owed(
    asn: Client, civil_servant: Any, worker_factory: Callable[..., Worker], today: Callable[..., date]
) -> None:
    worker = worker_factory(HOME, name="Warsini")
    sponsor = sponsor_of(civil_servant)
    sponsorship_start(actor=None, sponsor=sponsor, worker=worker, start=NOW - 1)
    today(last_day_to_pay(NOW))  # this month's premium is not late yet: only last month is owed
    page = asn.get(reverse("me:home")).content.decode()
    assert page.count('data-state="due"') == 1 and "Rp 16.800" in page and "Rp 33.600" not in page
    assert f"jatuh tempo {last_day_to_pay(NOW).day} " in page and "tidak dikenai denda" in page
    today(first_day_overdue(NOW))
    page = asn.get(reverse("me:home")).content.decode()
    assert "Warsini" in page and "Blumah" in page
    assert f"{worker.nik[:4]}********{worker.nik[-4:]}" in page and worker.nik not in page
    assert page.count('data-state="due"') == 2 and "Rp 33.600" in page  # two months owed
    assert civil_servant.nip in page and "Bank Jateng" in page  # how to pay, with the NIP as the note
    assert AccessLog.objects.filter(user=civil_servant.user, subject="worker", row_count=1).exists()

    payment = pay(sponsor, 50_000, "TRF-1")
    page = asn.get(reverse("me:home")).content.decode()
    assert page.count('data-state="paid"') == 2 and 'data-state="due"' not in page
    assert "Rp 16.400" in page  # the rest is kept as credit
    assert reverse("me:receipt", args=[payment.pk]) in page and "Piagam (PDF)" in page


def test_an_ended_sponsorship_shows_the_months_up_to_its_end(
    asn: Client, civil_servant: Any, worker_factory: Callable[..., Worker]
) -> None:
    sponsor = sponsor_of(civil_servant)
    sponsorship = sponsorship_start(actor=None, sponsor=sponsor, worker=worker_factory(HOME), start=NOW - 14)
    pay(sponsor, 3 * 16_800, "TRF-OLD")
    sponsorship_end(actor=None, sponsorship=sponsorship, last_month=NOW - 12, reason="donatur_berhenti")
    page = asn.get(reverse("me:home")).content.decode()
    assert "Berakhir" in page and (NOW - 14).label in page
    assert page.count('data-state="paid"') == 3 and 'data-state="due"' not in page


@pytest.mark.parametrize("role", ["regency_admin", "agency_operator", "district_operator", "leader", "bpjs_officer"])
def test_other_roles_may_not_open_the_civil_servant_pages(
    role: str, user_factory: Callable[..., User], agencies: dict[str, Agency]
) -> None:
    place: dict[str, Any] = {}
    if role == "agency_operator":
        place["agency"] = agencies["dinkes"]
    if role == "district_operator":
        place["district"] = Region.objects.get(code="33.24.01")
    client = client_for(user_factory(role, **place))
    for url in (reverse("me:home"), reverse("me:suggestions"), reverse("me:piagam")):
        assert client.get(url).status_code == 403


def test_a_superuser_without_a_civil_servant_record_has_no_page_of_their_own(
    civil_servant: Any, worker_factory: Callable[..., Worker], user_factory: Callable[..., User]
) -> None:
    sponsor = sponsor_of(civil_servant)
    sponsorship_start(actor=None, sponsor=sponsor, worker=worker_factory(HOME), start=NOW)
    payment = pay(sponsor, 16_800, "TRF-SU")
    admin = user_factory("regency_admin")
    admin.is_superuser = True
    admin.save()
    client = client_for(admin)
    for url in (reverse("me:home"), reverse("me:piagam"), reverse("me:receipt", args=[payment.pk])):
        assert client.get(url).status_code == 403


@pytest.mark.calendar
def test_sponsoring_takes_two_steps_and_creates_the_sponsorship_and_its_dues(
    asn: Client, civil_servant: Any, worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory(HOME, name="Karsono")
    listing = asn.get(reverse("me:suggestions")).content.decode()
    assert "Karsono" in listing and "Satu desa dengan Anda" in listing and worker.nik not in listing

    confirm_url = reverse("me:sponsor_confirm", args=[worker.pk])
    sheet = asn.get(confirm_url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in sheet and "Ya, saya biayai" in sheet and "Rp 16.800" in sheet and NOW.label in sheet
    assert not Sponsorship.objects.exists()  # looking is not sponsoring

    response = asn.post(confirm_url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("me:home")
    sponsorship = Sponsorship.objects.get(worker=worker)
    assert sponsorship.sponsor.civil_servant == civil_servant and sponsorship.start == NOW
    assert list(Due.objects.filter(sponsorship=sponsorship).values_list("month", "amount")) == [(NOW.first_day, 16_800)]
    page = response.content.decode()
    assert "Terima kasih" in page and "Karsono" in page
    # This month's premium shows as owed only once it is overdue.
    assert ('data-state="due"' in page) == premium_overdue(NOW)


def test_suggestions_show_ten_and_the_next_ten_come_as_a_fragment(
    asn: Client, worker_factory: Callable[..., Worker]
) -> None:
    for n in range(12):
        worker_factory(HOME, name=f"Calon {n:02d}")
    page = asn.get(reverse("me:suggestions")).content.decode()
    assert page.count('class="card shadow-sm mb-2 suggestion"') == 10 and "?mulai=10" in page
    more = asn.get(reverse("me:suggestions"), {"mulai": "10"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in more and "Calon 10" in more and "Calon 11" in more and "Calon 09" not in more
    assert "Tampilkan 10 lagi" not in more


def test_a_worker_taken_by_someone_else_since_the_sheet_opened_is_refused_without_their_name(
    asn: Client, civil_servant: Any, worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory(HOME, name="Sumirah")
    assert asn.get(reverse("me:sponsor_confirm", args=[worker.pk])).status_code == 200
    company = sponsor_create(actor=None, data=SponsorData(kind="csr", name="PT Contoh", code="CSR-1"))
    sponsorship_start(actor=None, sponsor=company, worker=worker, start=NOW)

    assert asn.get(reverse("me:sponsor_confirm", args=[worker.pk])).status_code == 404
    response = asn.post(reverse("me:sponsor_confirm", args=[worker.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("me:suggestions")
    page = response.content.decode()
    assert "Pekerja ini tidak dapat dipilih lagi." in page
    assert "Sumirah" not in page and "PT Contoh" not in page
    assert not Sponsorship.objects.filter(sponsor__civil_servant=civil_servant).exists()


def test_a_worker_outside_the_candidates_cannot_be_opened_or_sponsored(
    asn: Client, civil_servant: Any, worker_factory: Callable[..., Worker]
) -> None:
    unverified = worker_factory(HOME, verified=False)
    assert asn.get(reverse("me:sponsor_confirm", args=[unverified.pk])).status_code == 404
    response = asn.post(reverse("me:sponsor_confirm", args=[unverified.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("me:suggestions")
    assert not Sponsorship.objects.filter(sponsor__civil_servant=civil_servant).exists()


def test_the_receipt_lists_the_months_the_payment_paid_and_only_its_sponsor_gets_it(
    asn: Client, civil_servant: Any, person_factory: Callable[..., CivilServant], worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory(HOME, name="Darmini")
    sponsor = sponsor_of(civil_servant)
    sponsorship_start(actor=None, sponsor=sponsor, worker=worker, start=NOW - 1)
    payment = pay(sponsor, 33_600, "TRF-7")

    response = asn.get(reverse("me:receipt", args=[payment.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Siti Rahayu" in text and civil_servant.nip in text
    assert "Tiga puluh tiga ribu enam ratus rupiah" in text
    assert "Darmini" in text and (NOW - 1).label in text and NOW.label in text
    assert worker.nik not in text
    assert AccessLog.objects.filter(subject="payment", object_id=str(payment.pk), action="export").exists()

    other = person_factory("disdik", name="Budi Santoso")
    user_create(actor=None, username="", password="x", role="civil_servant", civil_servant=other, check_password=False)
    assert client_for(other.user).get(reverse("me:receipt", args=[payment.pk])).status_code == 404
    reversal = payment_reverse(actor=None, payment=payment, reason="Salah catat")
    assert asn.get(reverse("me:receipt", args=[reversal.pk])).status_code == 404


def test_the_piagam_counts_the_workers_and_months_paid_once_a_month_is_paid(
    asn: Client, civil_servant: Any, worker_factory: Callable[..., Worker]
) -> None:
    sponsor = sponsor_of(civil_servant)
    sponsorship_start(actor=None, sponsor=sponsor, worker=worker_factory(HOME), start=NOW - 2)
    sponsorship_start(actor=None, sponsor=sponsor, worker=worker_factory(HOME), start=NOW)
    refused = asn.get(reverse("me:piagam"), follow=True)
    assert "Piagam tersedia setelah iuran bulan pertama Anda lunas." in refused.content.decode()

    pay(sponsor, 4 * 16_800, "TRF-9")
    response = asn.get(reverse("me:piagam"))
    assert response.content.startswith(b"%PDF")
    text = " ".join(pdf_text(response.content).split())
    assert "PIAGAM PENGHARGAAN" in text and "Siti Rahayu" in text and civil_servant.nip in text
    assert "Dinas Kesehatan" in text and "2 pekerja rentan" in text and "4 bulan iuran" in text
    assert "BUPATI KENDAL" in text
