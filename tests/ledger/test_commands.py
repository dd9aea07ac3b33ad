"""`peduli generate_dues`, `payment`, `remittance`, `coverage`, `statement`
and `scheduler`: the ledger from the command line."""

from collections.abc import Callable
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook
from pytest_django.fixtures import Settings

from peduli.accounts.models import User
from peduli.agencies.models import Agency, CivilServant
from peduli.core.models import AccessLog
from peduli.core.months import YearMonth
from peduli.ledger.models import Due, Payment, Remittance
from peduli.ledger.services import remittance_create
from peduli.notifications.models import Notification
from peduli.regions.models import Region
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.support.clock import first_day_overdue, last_day_to_pay
from tests.support.records.ledger import pay

NOW = YearMonth.current()
TODAY = date.today()


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# generate_dues ---------------------------------------------------------------


def test_generate_dues_since_a_month_creates_each_month_in_order_and_nothing_the_second_time(
    company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    output = run("generate_dues", "--since", str(NOW + 1), "--month", str(NOW + 2))
    assert output.splitlines() == [f"{(NOW + 1).label}: 2 iuran dibuat.", f"{(NOW + 2).label}: 2 iuran dibuat."]
    assert Due.objects.filter(month__gt=NOW.first_day).count() == 4
    output = run("generate_dues", "--since", str(NOW + 1), "--month", str(NOW + 2))
    assert output.splitlines() == [f"{(NOW + 1).label}: 0 iuran dibuat.", f"{(NOW + 2).label}: 0 iuran dibuat."]
    assert Due.objects.count() == 2 + 4


def test_generate_dues_lets_the_credit_pay_the_new_month(
    company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    pay(company, 2 * 16_800, "TRF-AHEAD")
    run("generate_dues", "--month", str(NOW + 1))
    assert Due.objects.get(month=(NOW + 1).first_day).paid_amount == 16_800


def test_generate_dues_with_since_after_month_fails(kendal: Region) -> None:
    with pytest.raises(CommandError, match="--since"):
        run("generate_dues", "--since", str(NOW + 1), "--month", str(NOW))


def test_generate_dues_with_a_badly_written_month_says_how_to_write_it(kendal: Region) -> None:
    with pytest.raises(CommandError, match="Tulis bulan sebagai TTTT-BB"):
        run("generate_dues", "--month", "Juni")


# payment ---------------------------------------------------------------------


def test_payment_record_allocates_and_reports_the_credit(
    company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    output = run("payment", "record", "--sponsor", "csr-01", "--amount", "20000", "--date",
                 TODAY.strftime("%d/%m/%Y"), "--method", "transfer", "--reference", "TRF-CMD",
                 "--source", "Bank Jateng")  # fmt: skip
    assert "Rp 20.000 dari PT Contoh Makmur; saldo titipan Rp 3.200." in output
    payment = Payment.objects.get(reference="TRF-CMD")
    assert (payment.source, payment.received_on) == ("Bank Jateng", TODAY)
    assert Due.objects.get().paid_amount == 16_800


def test_payment_record_for_a_civil_servants_nip_makes_them_a_sponsor(
    person_factory: Callable[..., CivilServant],
) -> None:
    person = person_factory("dinkes")
    run("payment", "record", "--sponsor", person.nip, "--amount", "16800", "--date", TODAY.isoformat(),
        "--method", "potong_gaji", "--reference", "GAJI-1")  # fmt: skip
    sponsor = Sponsor.objects.get(civil_servant=person)
    assert (sponsor.code, sponsor.credit) == (person.nip, 16_800)


def test_payment_record_twice_fails_with_the_reason(company: Sponsor) -> None:
    pay(company, 16_800, "TRF-9")
    with pytest.raises(CommandError, match="pembayaran tidak dicatat dua kali"):
        run("payment", "record", "--sponsor", "CSR-01", "--amount", "16800", "--date", TODAY.isoformat(),
            "--method", "transfer", "--reference", "TRF-9")  # fmt: skip
    assert Payment.objects.count() == 1


def test_payment_record_for_an_unknown_sponsor_fails(kendal: Region) -> None:
    with pytest.raises(CommandError, match="Donatur dengan kode siapa tidak ada"):
        run("payment", "record", "--sponsor", "siapa", "--amount", "1", "--date", TODAY.isoformat(),
            "--method", "transfer", "--reference", "X")  # fmt: skip


def test_payment_reverse_and_show(company: Sponsor, worker_factory: Callable[..., Worker]) -> None:
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(name="Siti Aminah"), start=NOW)
    payment = pay(company, 16_800, "TRF-W")
    assert "Siti Aminah" in run("payment", "show", str(payment.pk))
    run("payment", "reverse", str(payment.pk), "--reason", "Salah donatur")
    reversal = Payment.objects.get(reverses=payment)
    assert (reversal.amount, reversal.note) == (-16_800, "Salah donatur")
    assert Due.objects.get().paid_amount == 0
    assert f"Dibatalkan : pembatalan nomor {reversal.pk}" in run("payment", "show", str(payment.pk))
    with pytest.raises(CommandError, match="Pembayaran ini sudah dibatalkan"):
        run("payment", "reverse", str(payment.pk), "--reason", "lagi")


# remittance ------------------------------------------------------------------


def test_remittance_create_confirm_and_list(company: Sponsor, worker_factory: Callable[..., Worker]) -> None:
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    pay(company, 16_800, "TRF-R")
    assert "1 iuran, Rp 16.800" in run("remittance", "create", "--month", str(NOW))
    remittance = Remittance.objects.get()
    run("remittance", "confirm", str(remittance.pk), "--reference", "BPJS-001")
    remittance.refresh_from_db()
    assert (remittance.status, remittance.bpjs_reference) == (Remittance.Status.CONFIRMED, "BPJS-001")
    assert "BPJS-001" in run("remittance", "list", "--month", str(NOW))
    with pytest.raises(CommandError, match="sudah dikonfirmasi BPJS tidak dapat dibatalkan"):
        run("remittance", "cancel", str(remittance.pk))


def test_remittance_cancel_frees_the_dues(company: Sponsor, worker_factory: Callable[..., Worker]) -> None:
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    pay(company, 16_800, "TRF-C")
    remittance = remittance_create(actor=None, month=NOW)
    run("remittance", "cancel", str(remittance.pk))
    assert not Remittance.objects.exists()
    assert Due.objects.get().remittance is None


def test_remittance_of_a_month_with_nothing_paid_fails_with_the_reason(kendal: Region) -> None:
    with pytest.raises(CommandError, match=f"Tidak ada iuran {NOW.label} yang lunas"):
        run("remittance", "create", "--month", str(NOW))


# coverage --------------------------------------------------------------------


@pytest.mark.calendar
def test_coverage_sync_deactivates_workers_with_three_overdue_unpaid_months(
    company: Sponsor, worker_factory: Callable[..., Worker], user_factory: Callable[..., User]
) -> None:
    office = user_factory("regency_admin")
    worker = worker_factory(name="Siti Aminah")
    sponsorship_start(actor=None, sponsor=company, worker=worker, start=NOW - 2)
    # Protected earlier (by a BPJS membership); nothing paid since.
    Worker.objects.filter(pk=worker.pk).update(status=Worker.Status.PROTECTED)
    on_due_day = f"{last_day_to_pay(NOW):%d/%m/%Y}"
    assert "1 menunggak, 0 tidak aktif" in run("coverage", "sync", "--on", on_due_day)
    worker.refresh_from_db()
    assert worker.status == Worker.Status.ARREARS
    assert "1 tidak aktif" in run("coverage", "sync", "--on", f"{first_day_overdue(NOW):%d/%m/%Y}")
    worker.refresh_from_db()
    assert worker.status == Worker.Status.LAPSED
    assert Notification.objects.filter(user=office, title__contains="Siti Aminah").exists()


# scheduler -------------------------------------------------------------------


def test_scheduler_once_enqueues_the_monthly_task_and_the_report_reminders(
    company: Sponsor,
    worker_factory: Callable[..., Worker],
    user_factory: Callable[..., User],
    agencies: dict[str, Agency],
    settings: Settings,
) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW - 1)
    # As on the first day of a new month: this month's due is not there yet.
    Due.objects.filter(sponsorship=sponsorship, month=NOW.first_day).delete()
    operator = user_factory("agency_operator", agency=agencies["dinkes"])
    settings.PEDULI_REPORT_REMINDER_DAYS_BEFORE = 40  # any day of the month is in the reminder window

    output = run("scheduler", "--once")

    assert "tugas bulanan diantrekan" in output and "pengingat laporan bulanan diantrekan" in output
    # The test settings run tasks at once (ImmediateBackend); db_worker does in production.
    assert Due.objects.filter(sponsorship=sponsorship, month=NOW.first_day).exists()
    assert Notification.objects.filter(user=operator, title__startswith="Pengingat laporan bulanan").exists()


# statement -------------------------------------------------------------------


def test_statement_writes_the_sponsors_months_as_xlsx_and_logs_the_export(
    company: Sponsor, worker_factory: Callable[..., Worker], tmp_path: Path
) -> None:
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(name="Siti Aminah"), start=NOW - 1)
    pay(company, 16_800, "TRF-ST")
    out = tmp_path / "laporan.xlsx"
    output = run("statement", "--sponsor", "csr-01", "--from", str(NOW - 1), "--to", str(NOW), "-o", str(out))
    assert "2 iuran, kurang Rp 16.800" in output
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert [row[:5] for row in rows[1:]] == [
        ((NOW - 1).label, "Siti Aminah", 16_800, 16_800, 0),
        (NOW.label, "Siti Aminah", 16_800, 0, 16_800),
        ("Jumlah", None, 33_600, 16_800, 16_800),
    ]
    assert AccessLog.objects.filter(subject="sponsor_statement", object_id=str(company.pk)).exists()


def test_statement_as_pdf(company: Sponsor, worker_factory: Callable[..., Worker], tmp_path: Path) -> None:
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    out = tmp_path / "laporan.pdf"
    run("statement", "--sponsor", "CSR-01", "--from", str(NOW), "--to", str(NOW), "--format", "pdf", "-o", str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_statement_with_the_period_reversed_fails(company: Sponsor, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--from"):
        run("statement", "--sponsor", "CSR-01", "--from", str(NOW), "--to", str(NOW - 1), "-o", str(tmp_path / "x"))
