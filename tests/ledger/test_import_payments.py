"""Payments imported from a file through the shared engine: allocation oldest
first, credit, idempotence by (source, reference), refused rows, the command
and the wizard."""

import io
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from peduli.accounts.models import User
from peduli.agencies.models import Agency, CivilServant
from peduli.core.control_characters import CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.imports.models import ImportBatch
from peduli.imports.services import import_file, import_start
from peduli.ledger.calendar import premium_overdue
from peduli.ledger.models import Due, Payment
from peduli.regions.models import Region
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import SponsorData, sponsor_create, sponsor_for_civil_servant, sponsorship_start
from peduli.workers.models import Worker
from tests.support.records.ledger import payment_xlsx

NOW = YearMonth.current()
TODAY = date.today()
TREASURER = "Bendahara DINKES"


@pytest.fixture
def staff(person_factory: Callable[..., CivilServant], worker_factory: Callable[..., Worker]) -> list[Sponsor]:
    """Three civil servants, each sponsoring one worker for the last three months."""
    sponsors = []
    for _ in range(3):
        sponsor = sponsor_for_civil_servant(actor=None, civil_servant=person_factory())
        sponsorship_start(actor=None, sponsor=sponsor, worker=worker_factory(), start=NOW - 2)
        sponsors.append(sponsor)
    return sponsors


def payroll(staff: list[Sponsor], amounts: list[Any], prefix: str = "BKU-06") -> list[list[Any]]:
    return [
        [sponsor.code, amount, TODAY.strftime("%d/%m/%Y"), f"{prefix}-{n}", TREASURER, "potong gaji", "Juni"]
        for n, (sponsor, amount) in enumerate(zip(staff, amounts, strict=True), start=1)
    ]


def run(path: Path, *, dry_run: bool = False) -> ImportBatch:
    return import_file(kind="payments", path=path, actor=None, dry_run=dry_run)


def paid(sponsor: Sponsor) -> list[int]:
    return list(Due.objects.filter(sponsor=sponsor).order_by("month").values_list("paid_amount", flat=True))


def balances() -> list[tuple[int, int]]:
    return list(Sponsor.objects.order_by("pk").values_list("pk", "credit")) + list(
        Due.objects.order_by("pk").values_list("pk", "paid_amount")
    )


@pytest.mark.calendar
def test_a_payroll_list_pays_each_civil_servants_dues_oldest_first(staff: list[Sponsor], tmp_path: Path) -> None:
    rows = payroll(staff, [16_800, "Rp 33.600,-", "50.400"])
    rows[0][2] = datetime.combine(TODAY, datetime.min.time())  # a real date cell
    rows[1][0] = " ".join([staff[1].code[:8], staff[1].code[8:14], staff[1].code[14]]) + staff[1].code[15:]

    batch = run(payment_xlsx(tmp_path / "potongan-juni.xlsx", rows))

    assert (batch.created_count, batch.rejected_count) == (3, 0), list(batch.rejected_rows.values("reason"))
    assert paid(staff[0]) == [16_800, 0, 0]
    assert paid(staff[1]) == [16_800, 16_800, 0]
    assert paid(staff[2]) == [16_800, 16_800, 16_800]
    payment = Payment.objects.get(reference="BKU-06-2")
    assert (payment.amount, payment.method, payment.source, payment.regency_id) == (33_600, "potong_gaji",
                                                                                    TREASURER, "33.24")  # fmt: skip
    assert payment.import_batch_id == batch.pk and payment.received_on == TODAY
    # Paid through last month protects until this month's premium is overdue.
    through_last_month = Worker.Status.ARREARS if premium_overdue(NOW) else Worker.Status.PROTECTED
    statuses = [Worker.objects.get(sponsorships__sponsor=sponsor).status for sponsor in staff]
    assert statuses == [Worker.Status.ARREARS, through_last_month, Worker.Status.PROTECTED]


def test_an_overpayment_becomes_credit_for_the_next_dues(staff: list[Sponsor], tmp_path: Path) -> None:
    run(payment_xlsx(tmp_path / "csr.xlsx", payroll(staff[:1], ["60.000"])))
    staff[0].refresh_from_db()
    assert paid(staff[0]) == [16_800, 16_800, 16_800]
    assert staff[0].credit == 60_000 - 3 * 16_800


def test_the_same_file_imported_again_pays_nothing_twice(staff: list[Sponsor], tmp_path: Path) -> None:
    path = payment_xlsx(tmp_path / "potongan.xlsx", payroll(staff, [16_800, 20_000, 60_000]))
    dry = run(path, dry_run=True)
    first = run(path)
    assert (dry.created_count, dry.unchanged_count) == (first.created_count, first.unchanged_count) == (3, 0)
    before, payments = balances(), Payment.objects.count()

    again = run(path, dry_run=True), run(path)

    for batch in again:
        assert (batch.created_count, batch.unchanged_count, batch.rejected_count) == (0, 3, 0)
    assert Payment.objects.count() == payments == 3
    assert balances() == before


def test_the_same_reference_from_another_source_is_another_payment(staff: list[Sponsor], tmp_path: Path) -> None:
    rows = payroll(staff[:1], [16_800])
    run(payment_xlsx(tmp_path / "a.xlsx", rows))
    rows[0][4] = "Bank Jateng"
    assert run(payment_xlsx(tmp_path / "b.xlsx", rows)).created_count == 1
    assert paid(staff[0]) == [16_800, 16_800, 0]


def test_bad_rows_are_refused_with_their_reasons_and_the_good_ones_paid(
    staff: list[Sponsor], person_factory: Callable[..., CivilServant], tmp_path: Path
) -> None:
    newcomer = person_factory(name="Rina Belum Donatur")
    tomorrow = (TODAY + timedelta(days=1)).strftime("%d/%m/%Y")
    day = TODAY.strftime("%d/%m/%Y")
    rows: list[list[Any]] = [
        [staff[0].code, "16.800", day, "R-1", "", "", ""],
        ["CSR-TIDAK-ADA", "16.800", day, "R-2", "", "", ""],
        [newcomer.nip, "16.800", day, "R-3", "", "", ""],
        [staff[1].code, "enam belas ribu", day, "R-4", "", "", ""],
        [staff[1].code, "16.800", day, "", "", "", ""],
        [staff[2].code, "16.800", day, "R-1", "", "", ""],
        [staff[2].code, "0", "31/02/2025", "R-7", "", "", ""],
        [staff[2].code, "16.800", tomorrow, "R-8", "", "giro", ""],
        [float(staff[2].code), "16.800", day, "R-9", "", "", ""],
    ]
    batch = run(payment_xlsx(tmp_path / "campur.xlsx", rows))

    reasons = dict(batch.rejected_rows.values_list("row_number", "reason"))
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert reasons[3] == 'Donatur dengan kode "CSR-TIDAK-ADA" tidak terdaftar.'
    assert "Rina Belum Donatur" in reasons[4] and "belum menjadi donatur" in reasons[4]
    assert reasons[5] == 'Jumlah "enam belas ribu" bukan rupiah utuh; tulis angka, misalnya 16800 atau 16.800.'
    assert reasons[6].startswith("Nomor bukti wajib diisi")
    assert reasons[7] == "Nomor Bukti ini sudah muncul di baris 2 berkas ini."
    assert "lebih dari nol" in reasons[8] and 'Tanggal "31/02/2025" bukan tanggal' in reasons[8]
    assert "masa depan" in reasons[9] and 'Cara bayar "giro" tidak dikenal' in reasons[9]
    assert "terbaca sebagai angka" in reasons[10]
    assert (batch.created_count, batch.rejected_count) == (1, 8)
    assert list(Payment.objects.values_list("reference", "source", "method")) == [("R-1", "impor", "transfer")]


def test_the_command_exits_0_when_all_rows_pay_3_when_some_are_refused_2_when_unusable(
    staff: list[Sponsor], tmp_path: Path
) -> None:
    good = payment_xlsx(tmp_path / "baik.xlsx", payroll(staff[:1], [16_800]))
    out = io.StringIO()
    call_command("import_payments", str(good), stdout=out, stderr=io.StringIO())
    assert "1 ditambahkan" in out.getvalue()
    again = io.StringIO()
    call_command("import_payments", str(good), stdout=again, stderr=io.StringIO())
    assert "0 ditambahkan" in again.getvalue() and "1 tidak berubah" in again.getvalue()

    mixed = payment_xlsx(
        tmp_path / "campur.xlsx", [*payroll(staff[1:2], [16_800], "BKU-07"), ["X-1", "1", "01/01/2025", "Q"]]
    )
    with pytest.raises(SystemExit) as some_refused:
        call_command("import_payments", str(mixed), stdout=io.StringIO(), stderr=io.StringIO())
    assert some_refused.value.code == 3

    headerless = payment_xlsx(tmp_path / "tanpa-bukti.xlsx", [[staff[2].code, 16_800]], ["NIP", "Jumlah"])
    with pytest.raises(SystemExit) as unusable:
        call_command("import_payments", str(headerless), stdout=io.StringIO(), stderr=io.StringIO())
    assert unusable.value.code == 2
    assert paid(staff[0]) == [16_800, 0, 0] and paid(staff[1]) == [16_800, 0, 0] and paid(staff[2]) == [0, 0, 0]


def test_only_the_labour_office_imports_payments(
    agencies: dict[str, Agency], user_factory: Callable[..., User]
) -> None:
    upload = SimpleUploadedFile("p.csv", b"Kode Donatur / NIP,Jumlah (Rp),Tanggal,Nomor Bukti\n")
    for role, place in (("agency_operator", {"agency": agencies["dinkes"]}), ("csr_partner", {})):
        with pytest.raises(ApplicationError) as refused:
            import_start(actor=user_factory(role, **place), kind="payments", uploaded_file=upload, dry_run=True)
        assert refused.value.code == "forbidden"
    assert not ImportBatch.objects.exists()


def test_wizard_checks_the_file_then_pays_on_confirm(
    staff: list[Sponsor], user_factory: Callable[..., User], tmp_path: Path
) -> None:
    company = sponsor_create(actor=None, data=SponsorData(kind="csr", name="PT Contoh", code="csr-01"))
    client = Client()
    client.force_login(user_factory("regency_admin"))
    assert "Unduh templat Excel" in client.get(reverse("payment_imports:import_list")).content.decode()
    rows = [*payroll(staff[:1], [16_800]), ["CSR-01", "1.008.000", TODAY.strftime("%d/%m/%Y"), "CSR-7", "", "csr", ""]]
    content = payment_xlsx(tmp_path / "p.xlsx", rows).read_bytes()
    response = client.post("/iuran/impor/", {"file": SimpleUploadedFile("p.xlsx", content)})
    dry = ImportBatch.objects.get()
    assert response["Location"] == f"/iuran/impor/{dry.pk}/"
    assert dry.created_count == 2 and not Payment.objects.exists()
    client.post(reverse("payment_imports:import_confirm", args=[dry.pk]))
    assert Payment.objects.count() == 2
    company.refresh_from_db()
    assert company.credit == 1_008_000  # no sponsorship yet: all of it waits as credit
    assert paid(staff[0]) == [16_800, 0, 0]


def test_the_labour_office_finds_the_payment_import_page_in_its_menu(
    kendal: Region, user_factory: Callable[..., User]
) -> None:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user_factory("regency_admin"))
    home = client.get(reverse("site:dashboard")).content.decode()
    assert reverse("payment_imports:import_list") in home
    page = client.get(reverse("payment_imports:import_list"))
    assert page.status_code == 200 and "Nomor Bukti" in page.content.decode()


def test_a_row_with_a_control_character_in_a_text_cell_is_refused_naming_the_column(
    staff: list[Sponsor], tmp_path: Path
) -> None:
    rows = payroll(staff, [16_800, 16_800, 16_800])
    rows[0][6] = "Potongan_x001B_[31m gaji"  # ESC, as Excel writes a control character in a cell
    rows[1][3] = "BKU_x000B_06-2"  # a vertical tab in the reference

    batch = run(payment_xlsx(tmp_path / "potongan-juni.xlsx", rows))

    assert (batch.created_count, batch.rejected_count) == (1, 2)
    assert list(batch.rejected_rows.order_by("row_number").values_list("row_number", "reason")) == [
        (2, str(CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE) % {"columns": "Catatan"}),
        (3, str(CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE) % {"columns": "Nomor Bukti"}),
    ]
    assert list(Payment.objects.values_list("reference", flat=True)) == ["BKU-06-3"]
    assert paid(staff[2])[0] == 16_800 and paid(staff[0])[0] == 0
