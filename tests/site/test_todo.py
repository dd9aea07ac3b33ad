"""The home page says what each user has to do next (issue 15 point 5):
items from the role matrix, counted by the work's own scoped selector,
linking to where it is done; instance-wide counts only for those who steer."""

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from peduli.accounts.models import User
from peduli.agencies.models import Agency, CivilServant
from peduli.bpjs.models import RegistrationTemplate
from peduli.bpjs.registration import registration_batch_create
from peduli.bpjs.registration_fields import registration_template_ensure
from peduli.core.errors import ApplicationError
from peduli.core.formatting import number
from peduli.core.months import YearMonth
from peduli.imports.models import ImportBatch
from peduli.imports.services import import_file
from peduli.ledger.calendar import report_deadline
from peduli.ledger.models import Due
from peduli.ledger.selectors import owed_dues
from peduli.regions.models import Region
from peduli.reporting.coverage.snapshots import snapshots_refresh
from peduli.site.todo import todo_for
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsor_for_civil_servant, sponsorship_start
from peduli.workers.models import Worker
from tests.support.clients import client_for
from tests.support.records.ledger import pay, payment_xlsx
from tests.support.records.monthly_reports import reporters


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
def test_an_operator_sees_the_report_its_office_owes_with_the_deadline(
    agencies: dict[str, Agency], user_factory: Callable[..., User]
) -> None:
    last = YearMonth.current() - 1
    for operator in reporters(user_factory, agencies).values():
        item = next(i for i in todo_for(operator) if i.label == f"Laporan bulanan {last.label} belum masuk")
        assert item.count == 1 and f"batas {report_deadline(last):%d/%m/%Y}" in item.note


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


@pytest.mark.django_db
def test_the_labour_office_sees_imports_running_or_failed_and_payments_that_matched_no_sponsor(
    admin: User, tmp_path: Path, settings: Settings, today: Callable[..., date]
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    assert not any(label.startswith("Impor") for label in _items(admin))  # nothing to say before anyone imports
    (tmp_path / "rusak.xlsx").write_bytes(b"bukan berkas excel")
    with pytest.raises(ApplicationError):
        import_file(kind="workers", path=tmp_path / "rusak.xlsx", actor=admin, dry_run=True)
    broken = ImportBatch.objects.get(original_name="rusak.xlsx")
    assert broken.status == ImportBatch.Status.FAILED
    rows = [["TIDAK-ADA", 16_800, timezone.localdate().strftime("%d/%m/%Y"), "TRF-1", "Bank Jateng", "transfer", ""]]
    paid = import_file(kind="payments", path=payment_xlsx(tmp_path / "bank.xlsx", rows), actor=admin, dry_run=False)
    items = _items(admin)
    assert items["Impor gagal dalam 7 hari terakhir"] == (1, f"/pekerja/impor/{broken.pk}/")
    assert items["Baris pembayaran tidak cocok, 30 hari terakhir"] == (1, f"/iuran/impor/{paid.pk}/")
    assert "rusak.xlsx" in client_for(admin).get("/").content.decode()
    ImportBatch.objects.filter(pk=broken.pk).update(status=ImportBatch.Status.RUNNING)
    assert _items(admin)["Impor sedang diproses"] == (1, f"/pekerja/impor/{broken.pk}/")
    ImportBatch.objects.filter(pk=broken.pk).update(status=ImportBatch.Status.FAILED)
    today(timezone.localdate() + timedelta(days=8))
    assert "Impor gagal dalam 7 hari terakhir" not in _items(admin)


@pytest.mark.django_db
def test_registrations_waiting_for_bpjs_show_to_the_officer_and_the_office(
    worker_factory: Callable[..., Worker], company: Sponsor, user_factory: Callable[..., User], admin: User
) -> None:
    registration_template_ensure(RegistrationTemplate)
    officer = user_factory("bpjs_officer")
    label = "Pekerja dikirim untuk didaftarkan, menunggu jawaban BPJS"
    assert _items(officer)[label] == (0, "/bpjs/pendaftaran/")
    for _n in range(2):
        sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=YearMonth.current())
    registration_batch_create(actor=officer)
    assert _items(officer)[label][0] == 2 and _items(admin)[label][0] == 2
    assert "Selisih rekonsiliasi BPJS belum diselesaikan" in _items(admin)
    assert "Selisih rekonsiliasi BPJS belum diselesaikan" not in _items(officer)


@pytest.mark.django_db
def test_a_csr_partner_sees_what_it_owes_and_the_workers_it_pays_for(
    company: Sponsor, partner: User, worker_factory: Callable[..., Worker]
) -> None:
    for _n in range(2):
        sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=YearMonth.current() - 3)
    items = {item.label: item for item in todo_for(partner)}
    workers = items["Pekerja yang dibiayai PT Contoh Makmur bulan ini"]
    assert (workers.count, workers.info, workers.url) == (2, True, f"/donatur/{company.pk}/")
    owed = items["Iuran tertunggak PT Contoh Makmur (pekerja-bulan)"]
    overdue = owed_dues(Due.objects.filter(sponsor=company), YearMonth.current())
    assert owed.count == overdue.count() >= 6 and owed.note == f"Rp {number(16_800 * owed.count)}"
    page = client_for(partner).get("/").content.decode()
    assert "PT Contoh Makmur" in page and "Yang perlu dikerjakan" in page


@pytest.mark.django_db
def test_an_agency_operator_sees_its_civil_servants_who_sponsor_nobody_yet(
    person_factory: Callable[..., CivilServant],
    user_factory: Callable[..., User],
    worker_factory: Callable[..., Worker],
    kendal: Region,
) -> None:
    giver, _idle = person_factory("dinkes"), person_factory("dinkes")
    sponsor = sponsor_for_civil_servant(actor=None, civil_servant=giver)
    sponsorship_start(actor=None, sponsor=sponsor, worker=worker_factory(), start=YearMonth.current())
    pay(sponsor, 16_800, "BKU-1")  # the month paid: the worker is covered, the giver counts as sponsoring
    snapshots_refresh(regency=kendal, force=True)
    dinkes = Agency.objects.get(code="DINKES")
    operator = user_factory("agency_operator", agency=dinkes)
    assert _items(operator)["ASN belum membiayai pekerja"] == (1, "/laporan/opd/DINKES/")
