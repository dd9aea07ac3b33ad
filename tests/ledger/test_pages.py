"""The ledger pages through the real views and database: the month overview,
payments, prepayment, remittances, the agency treasurer's view, arrears and
sponsor statements."""

import io
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from peduli.accounts.models import User
from peduli.agencies.models import Agency, CivilServant
from peduli.core.models import AccessLog
from peduli.core.months import YearMonth
from peduli.ledger.models import Due, Payment, Remittance
from peduli.ledger.services import payment_record, remittance_create
from peduli.regions.models import Region
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.sponsorships.services import SponsorData, sponsor_create, sponsor_for_civil_servant, sponsorship_start
from peduli.workers.models import Worker
from tests.support.clients import client_for
from tests.support.clock import first_day_overdue, last_day_to_pay
from tests.support.files import pdf_text
from tests.support.records.ledger import pay

NOW = YearMonth.current()
TODAY = date.today()


@pytest.fixture
def sponsorship(company: Sponsor, worker_factory: Callable[..., Worker]) -> Sponsorship:
    """Three months owed: two months ago, last month, this month."""
    return sponsorship_start(actor=None, sponsor=company, worker=worker_factory(name="Parjo Utomo"), start=NOW - 2)


def test_overview_totals_the_month_with_a_progress_bar_per_district(admin: User, sponsorship: Sponsorship) -> None:
    pay(sponsorship.sponsor, 16_800 * 2 + 8_400, "TRF-1")  # two old months and half of this one
    page = client_for(admin).get(reverse("ledger:overview"), {"bulan": str(NOW)}).content.decode()
    assert "Rp 16.800" in page  # dues of the month
    assert "Rp 8.400" in page  # paid and outstanding of the month, and the arrears
    assert 'class="progress"' in page and 'aria-valuenow="50"' in page
    assert sponsorship.worker.district.name in page
    assert "Buat tagihan bulan ini" in page


def test_overview_is_read_by_leaders_and_refused_to_bpjs_and_district_operators(
    user_factory: Callable[..., User], kendal: Region
) -> None:
    leader = client_for(user_factory("leader"))
    page = leader.get(reverse("ledger:overview")).content.decode()
    assert "Buat tagihan bulan ini" not in page
    assert client_for(user_factory("bpjs_officer")).get(reverse("ledger:overview")).status_code == 403
    district = client_for(user_factory("district_operator", district=Region.objects.get(code="33.24.01")))
    assert district.get(reverse("ledger:overview")).status_code == 403
    assert leader.post(reverse("ledger:dues_generate"), {"bulan": str(NOW)}).status_code == 403


def test_generating_dues_creates_next_months_through_the_service(admin: User, sponsorship: Sponsorship) -> None:
    response = client_for(admin).post(reverse("ledger:dues_generate"), {"bulan": str(NOW + 1)})
    assert response.status_code == 302
    assert Due.objects.filter(sponsorship=sponsorship, month=(NOW + 1).first_day).exists()


def test_recording_a_payment_allocates_it_and_the_detail_shows_the_worker_months(
    admin: User, sponsorship: Sponsorship
) -> None:
    client = client_for(admin)
    response = client.post(
        reverse("ledger:payment_create"),
        {"sponsor": "csr-01", "amount": "33600", "received_on": TODAY.isoformat(), "method": "transfer",
         "reference": "TRF-77"},
    )  # fmt: skip
    payment = Payment.objects.get(reference="TRF-77")
    assert response["Location"] == payment.get_absolute_url()
    page = client.get(payment.get_absolute_url()).content.decode()
    assert (NOW - 2).label in page and (NOW - 1).label in page and "Parjo Utomo" in page
    assert [d.paid_amount for d in Due.objects.filter(sponsorship=sponsorship)] == [16_800, 16_800, 0]


def test_the_payment_page_says_where_a_surplus_went_and_gives_a_receipt(
    admin: User, sponsorship: Sponsorship, user_factory: Callable[..., User]
) -> None:
    payment = pay(sponsorship.sponsor, 16_800 * 3 + 5_000, "TRF-88")  # three months and Rp 5.000 more
    client = client_for(admin)
    page = client.get(payment.get_absolute_url()).content.decode()
    assert 'id="credit-left"' in page and "Rp 5.000" in page and "saldo titipan" in page
    receipt = client.get(reverse("ledger:payment_receipt", args=[payment.pk]))
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    text = pdf_text(receipt.content)
    assert "PT Contoh Makmur" in text and "TRF-88" in text and "Parjo Utomo" in text
    assert "lima puluh lima ribu empat ratus rupiah" in " ".join(text.split()).lower()  # Rp 55.400 in words
    assert AccessLog.objects.filter(subject="payment", object_id=str(payment.pk), action="export").exists()
    assert (
        client_for(user_factory("bpjs_officer")).get(reverse("ledger:payment_receipt", args=[payment.pk])).status_code
        == 403
    )


def test_payment_form_shows_the_services_refusals_in_indonesian(admin: User, sponsorship: Sponsorship) -> None:
    pay(sponsorship.sponsor, 16_800, "TRF-1")
    client = client_for(admin)
    form = {"sponsor": "CSR-01", "amount": "16800", "received_on": TODAY.isoformat(), "method": "transfer"}
    duplicate = client.post(reverse("ledger:payment_create"), {**form, "reference": "TRF-1"}).content.decode()
    assert "Bukti TRF-1 dari transfer sudah dicatat; pembayaran tidak dicatat dua kali." in duplicate
    zero = client.post(reverse("ledger:payment_create"), {**form, "amount": "0", "reference": "X"}).content.decode()
    assert "Jumlah pembayaran harus lebih dari nol." in zero
    unknown = client.post(reverse("ledger:payment_create"), {**form, "sponsor": "NOPE", "reference": "Y"})
    assert "Donatur dengan kode NOPE tidak ditemukan." in unknown.content.decode()
    assert Payment.objects.count() == 1


def test_only_the_labour_office_records_payments(user_factory: Callable[..., User], kendal: Region) -> None:
    assert client_for(user_factory("leader")).get(reverse("ledger:payment_create")).status_code == 403


def test_reversing_a_payment_links_both_ways_and_unpays_the_dues(admin: User, sponsorship: Sponsorship) -> None:
    payment = pay(sponsorship.sponsor, 16_800, "TRF-1")
    client = client_for(admin)
    url = reverse("ledger:payment_reverse", args=[payment.pk])
    assert "Tulis alasan pembatalan." in client.post(url, {"reason": ""}).content.decode()
    response = client.post(url, {"reason": "salah donatur"})
    reversal = Payment.objects.get(reverses=payment)
    assert response["Location"] == reversal.get_absolute_url()
    original = client.get(payment.get_absolute_url()).content.decode()
    assert "dibatalkan" in original and reversal.get_absolute_url() in original
    assert payment.get_absolute_url() in client.get(reversal.get_absolute_url()).content.decode()
    assert not Due.objects.filter(sponsorship=sponsorship, paid_amount__gt=0).exists()
    again = client.post(url, {"reason": "lagi"}).content.decode()
    assert "Pembayaran ini sudah dibatalkan." in again


def test_payment_list_filters_by_method_and_date(admin: User, company: Sponsor, sponsorship: Sponsorship) -> None:
    pay(company, 16_800, "TRF-1")
    payment_record(actor=None, sponsor=company, amount=5_000, received_on=date(2024, 1, 5), method="tunai",
                   reference="KW-9")  # fmt: skip
    client = client_for(admin)
    url = reverse("ledger:payment_list")
    page = client.get(url, {"method": "tunai"}).content.decode()
    assert "KW-9" in page and "TRF-1" not in page
    page = client.get(url, {"dari": "2025-01-01"}).content.decode()
    assert "TRF-1" in page and "KW-9" not in page


def test_prepaying_three_months_records_one_payment(admin: User, sponsorship: Sponsorship) -> None:
    response = client_for(admin).post(
        reverse("ledger:sponsorship_prepay", args=[sponsorship.pk]),
        {"months": "3", "received_on": TODAY.isoformat(), "method": "transfer", "reference": "PRE-1"},
    )
    assert response["Location"] == sponsorship.get_absolute_url()
    # The three months owed are paid first; prepaying three months reaches this month.
    assert Payment.objects.get(reference="PRE-1").amount == 3 * 16_800
    refused = client_for(admin).post(
        reverse("ledger:sponsorship_prepay", args=[sponsorship.pk]),
        {"months": "3", "received_on": TODAY.isoformat(), "method": "transfer", "reference": "PRE-1"},
    )
    assert "sudah dicatat" in refused.content.decode()


def test_remittance_is_prepared_confirmed_by_bpjs_and_a_draft_cancelled(
    admin: User, user_factory: Callable[..., User], sponsorship: Sponsorship
) -> None:
    pay(sponsorship.sponsor, 3 * 16_800, "TRF-1")
    client = client_for(admin)
    client.post(reverse("ledger:remittance_create"), {"month": str(NOW)})
    remittance = Remittance.objects.get()
    assert remittance.total_amount == 16_800
    page = client.get(remittance.get_absolute_url()).content.decode()
    assert "Parjo Utomo" in page and "Rp 16.800" in page
    officer = client_for(user_factory("bpjs_officer"))
    confirm = reverse("ledger:remittance_confirm", args=[remittance.pk])
    empty = officer.post(confirm, {"bpjs_reference": ""}, follow=True)
    assert "Isi nomor bukti penerimaan dari BPJS." in empty.content.decode()
    officer.post(confirm, {"bpjs_reference": "BPJS-123"})
    remittance.refresh_from_db()
    assert remittance.status == Remittance.Status.CONFIRMED
    assert officer.post(reverse("ledger:remittance_cancel", args=[remittance.pk])).status_code == 403
    draft = remittance_create(actor=None, month=NOW - 1)
    client.post(reverse("ledger:remittance_cancel", args=[draft.pk]))
    assert not Remittance.objects.filter(pk=draft.pk).exists()
    nothing = client.post(reverse("ledger:remittance_create"), {"month": str(NOW)}, follow=True).content.decode()
    assert "Tidak ada iuran" in nothing


def test_remittances_are_hidden_from_agency_operators(
    user_factory: Callable[..., User], agencies: dict[str, Agency]
) -> None:
    operator = client_for(user_factory("agency_operator", agency=agencies["dinkes"]))
    assert operator.get(reverse("ledger:remittance_list")).status_code == 403


@pytest.mark.calendar
def test_agency_treasurer_sees_who_sponsors_whom_and_exports_it(
    user_factory: Callable[..., User],
    agencies: dict[str, Agency],
    person_factory: Callable[..., CivilServant],
    worker_factory: Callable[..., Worker],
    company: Sponsor,
    today: Callable[..., date],
) -> None:
    today(last_day_to_pay(NOW))
    paying = sponsor_for_civil_servant(actor=None, civil_servant=person_factory("dinkes", name="Siti Rahayu"))
    owing = sponsor_for_civil_servant(actor=None, civil_servant=person_factory("dinkes", name="Budi Santoso"))
    elsewhere = sponsor_for_civil_servant(actor=None, civil_servant=person_factory("disdik", name="Orang Disdik"))
    for sponsor in (paying, owing, elsewhere):
        sponsorship_start(actor=None, sponsor=sponsor, worker=worker_factory(), start=NOW - 1)
    pay(paying, 2 * 16_800, "GAJI-1")
    operator = client_for(user_factory("agency_operator", agency=agencies["dinkes"]))
    export = operator.get(reverse("ledger:agency_ledger_export"))
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert {row[1]: row for row in rows[1:]}["Budi Santoso"][5:] == (0, 16_800)  # this month is not late yet
    today(first_day_overdue(NOW))  # both months are overdue
    page = operator.get(reverse("ledger:agency_ledger")).content.decode()
    assert "Siti Rahayu" in page and "Budi Santoso" in page and "Orang Disdik" not in page
    assert "ASN yang menunggak" in page and "Rp 33.600" in page  # Budi owes two months
    # An operator cannot look at another agency by changing the address.
    assert (
        "Orang Disdik"
        not in operator.get(reverse("ledger:agency_ledger"), {"opd": agencies["disdik"].pk}).content.decode()
    )
    response = operator.get(reverse("ledger:agency_ledger_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("NIP", "Nama ASN", "Pekerja")
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Siti Rahayu"][5:] == (2, 0) and by_name["Budi Santoso"][5:] == (0, 33_600)
    assert AccessLog.objects.filter(action="export", subject="agency_sponsorships").exists()


def test_labour_office_chooses_the_agency(admin: User, agencies: dict[str, Agency]) -> None:
    client = client_for(admin)
    assert "Pilih OPD" in client.get(reverse("ledger:agency_ledger")).content.decode()
    page = client.get(reverse("ledger:agency_ledger"), {"opd": agencies["disdik"].pk}).content.decode()
    assert "Dinas Pendidikan" in page
    assert client.get(reverse("ledger:agency_ledger"), {"opd": "999999"}).status_code == 404


@pytest.mark.calendar
def test_arrears_list_and_export_are_scoped_to_the_partner(
    user_factory: Callable[..., User],
    kendal: Region,
    worker_factory: Callable[..., Worker],
    company: Sponsor,
    today: Callable[..., date],
) -> None:
    today(first_day_overdue(NOW))
    partner = user_factory("csr_partner")
    mine = sponsor_create(
        actor=None, data=SponsorData(kind="csr", name="PT Mitra Kita", code="CSR-02", partner=partner)
    )
    for sponsor in (company, mine):
        sponsorship_start(actor=None, sponsor=sponsor, worker=worker_factory(), start=NOW)
    client = client_for(partner)
    page = client.get(reverse("ledger:arrears")).content.decode()
    assert "PT Mitra Kita" in page and "PT Contoh Makmur" not in page
    rows = list(
        load_workbook(io.BytesIO(client.get(reverse("ledger:arrears_export")).content)).active.iter_rows(
            values_only=True
        )
    )
    assert [row[1] for row in rows[1:]] == ["PT Mitra Kita"] and rows[1][-1] == 16_800
    assert client.get(reverse("sponsorships:sponsor_detail", args=[company.pk])).status_code == 404


def test_statement_xlsx_has_each_worker_month_and_the_totals(admin: User, sponsorship: Sponsorship) -> None:
    pay(sponsorship.sponsor, 20_000, "TRF-1")
    response = client_for(admin).get(
        reverse("ledger:statement", args=[sponsorship.sponsor_id]),
        {"dari": str(NOW - 2), "sampai": str(NOW), "format": "xlsx"},
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:4]] == [(NOW - 2).label, (NOW - 1).label, NOW.label]
    assert rows[-1] == ("Jumlah", None, 3 * 16_800, 20_000, 3 * 16_800 - 20_000, None)
    assert AccessLog.objects.filter(action="export", subject="sponsor_statement").count() == 1


def test_statement_pdf_names_the_sponsor_and_has_the_signature_block(
    admin: User, sponsorship: Sponsorship, tmp_path: Path
) -> None:
    pay(sponsorship.sponsor, 16_800, "TRF-1")
    response = client_for(admin).get(
        reverse("ledger:statement", args=[sponsorship.sponsor_id]),
        {"dari": str(NOW - 2), "sampai": str(NOW), "format": "pdf"},
    )
    assert response.content.startswith(b"%PDF")
    pdf = tmp_path / "laporan.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "PT Contoh Makmur" in text and "Parjo Utomo" in text
    assert "Kepala Dinas Perindustrian dan Tenaga Kerja" in text and "Rp 33.600" in text


def test_statement_refuses_a_period_ending_before_it_starts_and_other_sponsors(
    user_factory: Callable[..., User], agencies: dict[str, Agency], admin: User, sponsorship: Sponsorship
) -> None:
    url = reverse("ledger:statement", args=[sponsorship.sponsor_id])
    response = client_for(admin).get(url, {"dari": str(NOW), "sampai": str(NOW - 1)}, follow=True)
    assert "Bulan awal harus sebelum bulan akhir." in response.content.decode()
    operator = client_for(user_factory("agency_operator", agency=agencies["dinkes"]))
    assert operator.get(url).status_code == 404
