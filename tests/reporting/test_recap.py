"""The monthly recap as PDF and xlsx: laid out from indicator values written
out in recap_samples, and end to end from a ledger through the snapshots."""

import io
import subprocess
from collections.abc import Callable
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from peduli.core.months import YearMonth
from peduli.regions.models import Region
from peduli.reporting.coverage.scopes import Scope, scope_parse
from peduli.reporting.coverage.snapshots import snapshots_refresh
from peduli.reporting.exports.recap import COUNT, PERCENT, HeadlineRow
from peduli.reporting.exports.recap_pdf import recap_filename, recap_pdf, recap_pdf_bytes
from peduli.reporting.exports.recap_xlsx import recap_workbook, recap_xlsx_bytes
from peduli.reporting.models import InformalWorkerBaseline
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.reporting.recap_samples import AGENCIES, REGENCY, sample_recap
from tests.support.records.ledger import pay


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def test_a_percentage_changes_in_points_and_a_count_with_its_sign() -> None:
    assert HeadlineRow("Cakupan", Decimal("4.19"), Decimal("4.07"), PERCENT).change_text == "+0,12 poin"
    assert HeadlineRow("Pekerja", 13_800, 14_177, COUNT).change_text == "-377"
    assert HeadlineRow("Pekerja", 974, 974, COUNT).change_text == "0"
    assert HeadlineRow("Cakupan", None, Decimal("1"), PERCENT).change_text == "–"


def test_the_regency_recap_pdf_prints_the_key_figures(db: None) -> None:
    text = pdf_text(recap_pdf(sample_recap()))

    assert "REKAPITULASI BULANAN GERAKAN ASN PEDULI PEKERJA RENTAN" in text
    assert "Bulan Agustus 2025" in text
    assert "14.177" in text and "338.681" in text and "4,19%" in text  # protected, informal, coverage
    assert "+377" in text and "+0,12 poin" in text  # month on month
    assert "51,64%" in text and "3.091" in text  # the 2029 target and workers needed per month
    assert "Kaliwungu Selatan" in text and "Dinas Kesehatan" in text
    assert "Rp 51.643.200" in text and "Rp 49.890.000" in text  # dues, remitted
    assert "Kepala Dinas Perindustrian dan Tenaga Kerja" in text and "NIP" in text


def test_an_agency_recap_has_no_district_section_and_the_agency_signs(db: None) -> None:
    scope = Scope(kind="agency", regency=REGENCY, agency=AGENCIES[2])

    text = pdf_text(recap_pdf(sample_recap(scope)))

    assert "Perangkat Daerah : Dinas Perindustrian Dan Tenaga Kerja" in text
    assert "Cakupan per Kecamatan" not in text and "Capaian terhadap Target" not in text
    assert "Partisipasi Perangkat Daerah" in text
    assert "Kepala Dinas Perindustrian dan Tenaga Kerja" in text


def test_the_recap_workbook_has_a_sheet_per_breakdown_with_numbers_not_text(db: None) -> None:
    book = load_workbook(io.BytesIO(recap_workbook(sample_recap())))

    assert book.sheetnames == ["Ringkasan", "Kecamatan", "OPD", "Sumber Dana", "Tren"]
    summary = book["Ringkasan"]
    assert "Agustus 2025" in summary["A3"].value
    rows = {row[1]: row for row in summary.iter_rows(min_row=7, values_only=True) if row[1]}
    assert rows["Pekerja rentan terlindungi"][2:5] == (14_177, 13_800, 377)
    assert rows["Cakupan perlindungan"][2] == pytest.approx(0.0419)
    assert rows["Tambahan bersih per bulan yang dibutuhkan"][2:4] == (3_091, 841)
    header = next(r for r in range(1, 10) if summary.cell(r, 2).value == "Uraian")
    assert summary.freeze_panes == f"A{header + 1}"
    assert summary.cell(header, 2).font.bold
    assert summary.cell(header + 3, 3).number_format == "0.00%"  # coverage
    assert summary.cell(header + 2, 3).number_format == "#,##0"  # protected
    districts = book["Kecamatan"]
    first = [c.value for c in districts[header + 1]]
    assert first[:5] == [1, "33.24.01", "Plantungan", 16_000, 900]
    funding = list(book["Sumber Dana"].iter_rows(values_only=True))
    assert ("Jumlah", 14_177, 51_643_200, 50_864_000, 2_352_000, 49_890_000) in funding


def test_an_agency_workbook_leaves_out_the_districts(db: None) -> None:
    scope = Scope(kind="agency", regency=REGENCY, agency=AGENCIES[0])

    book = load_workbook(io.BytesIO(recap_workbook(sample_recap(scope))))

    assert book.sheetnames == ["Ringkasan", "OPD", "Sumber Dana", "Tren"]


def test_the_file_name_says_the_month_and_scope() -> None:
    scope = Scope(kind="agency", regency=REGENCY, agency=AGENCIES[0])
    assert recap_filename(scope, YearMonth(2025, 8), "pdf") == "rekap-peduli-2025-08-agency-DINKES.pdf"


@pytest.fixture
def protected_in_kendal(kendal: Region, company: Sponsor, worker_factory: Callable[..., Worker]) -> YearMonth:
    """Three workers a company pays for in district 33.24.01 (600 informal
    workers) and one in 33.24.15 (400), from last month on."""
    now = YearMonth.current()
    for district, informal in (("33.24.01", 600), ("33.24.15", 400)):
        InformalWorkerBaseline.objects.create(
            regency=kendal, district_id=district, year=now.year, informal_workers=informal, source="BPS"
        )
    for n, village in enumerate(["33.24.01.2001"] * 3 + ["33.24.15.1001"]):
        sponsorship_start(actor=None, sponsor=company, worker=worker_factory(village), start=now - 1)
        pay(company, 2 * 16_800, f"T-{n}")
    snapshots_refresh(regency=kendal)
    return now


def test_the_recap_of_real_data_matches_the_indicators(kendal: Region, protected_in_kendal: YearMonth) -> None:
    month = protected_in_kendal
    regency = scope_parse("regency", regency=kendal)

    text = pdf_text(recap_pdf_bytes(scope=regency, month=month))
    book = load_workbook(io.BytesIO(recap_xlsx_bytes(scope=regency, month=month)))

    assert f"Bulan {month.label}" in text
    assert "0,40%" in text  # 4 of 1,000 informal workers
    assert "Rp 67.200" in text  # four dues of the month, paid
    summary = {row[1]: row for row in book["Ringkasan"].iter_rows(values_only=True) if row[1]}
    assert summary["Pekerja rentan terlindungi"][2:5] == (4, 4, 0)
    assert summary["Cakupan perlindungan"][2] == pytest.approx(0.004)
    districts = [row[1:6] for row in book["Kecamatan"].iter_rows(min_row=7, values_only=True)]
    assert districts[0][0] == "33.24.01" and districts[0][2:4] == (600, 3)
    assert districts[0][4] == pytest.approx(0.005)


def test_a_district_recap_lists_its_villages(kendal: Region, protected_in_kendal: YearMonth) -> None:
    scope = scope_parse("district:33.24.01", regency=kendal)

    text = pdf_text(recap_pdf_bytes(scope=scope, month=protected_in_kendal))
    book = load_workbook(io.BytesIO(recap_xlsx_bytes(scope=scope, month=protected_in_kendal)))

    assert "Desa/kelurahan di Kecamatan" in text
    assert "0,50%" in text  # 3 of 600
    assert "Desa" in book.sheetnames
