"""The planner's pages: who may open them, the form's messages, the
projection and comparison pages, and their xlsx and PDF downloads."""

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook

from peduli.accounts.models import User
from peduli.demo.planner import demo_planner_load
from peduli.planner.exports import YEAR_HEADERS
from peduli.planner.models import Scenario
from peduli.regions.models import Region
from tests.planner.conftest import KENDAL_JUNE_2025
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db


def form_data(**changes: Any) -> dict[str, Any]:
    data = {
        **{k: str(v) for k, v in KENDAL_JUNE_2025.items()}, "name": "Dorongan ASN", "description": "",
        "civil_servant_growth": "per_month", "new_sponsors_per_month": "300", "sponsors_pct_per_year": "0",
        "workers_per_sponsor": "1", "csr_per_year": "0", "bumd_per_year": "0", "dbhcht_per_year": "0",
        "apbd_per_year": "0", "self_paying_growth_pct": "0", "informal_growth_pct": "0", "lapse_pct_per_month": "0.5",
    }  # fmt: skip
    return data | changes


@pytest.mark.parametrize("role", ["bpjs_officer", "csr_partner"])
def test_other_roles_may_not_open_the_planner(
    kendal: Region, user_factory: Callable[..., User], scenario_factory: Any, role: str
) -> None:
    scenario = scenario_factory()
    client = client_for(user_factory(role))
    assert client.get("/perencana/").status_code == 403
    assert client.get(f"/perencana/{scenario.pk}/").status_code == 403
    assert client.get(f"/perencana/{scenario.pk}/pdf/").status_code == 403


def test_a_planner_creates_a_scenario_and_sees_its_projection(admin: User) -> None:
    client = client_for(admin)
    page = client.get("/perencana/baru/").content.decode()
    assert "Ambil angka awal dari indikator" in page
    # No history in the registry: the capacity's default says it is the planner's constant.
    assert 'name="enrolment_capacity_per_month" value="300"' in page
    assert "Belum ada riwayat pendaftaran di Peduli, jadi bawaannya 300 pekerja baru per bulan" in page
    assert "uang sebulan yang tidak terpakai untuk iuran tercatat sebagai tak terpakai dan tidak dibawa" in page
    response = client.post("/perencana/baru/", form_data(enrolment_capacity_per_month=""))
    scenario = Scenario.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/perencana/{scenario.pk}/"
    assert scenario.enrolment_capacity_per_month == 300
    detail = client.get(response["Location"]).content.decode()
    assert "Dorongan ASN" in detail and "coverage-chart" in detail and "chart.umd.min.js" in detail
    # The outcome names the month it is measured at.
    assert "Target 2029 (51,64%) belum tercapai pada Desember 2029: 6,07%" in detail
    assert "300 pekerja baru/bulan" in detail and "Anggaran tak terpakai" in detail
    assert "Perencana" in detail  # and the menu item


def test_a_target_reached_in_time_reads_as_the_month_it_was_reached(admin: User, scenario_factory: Any) -> None:
    scenario = scenario_factory("APBD besar", apbd_per_year=40_000_000_000, enrolment_capacity_per_month=6_000)
    detail = client_for(admin).get(f"/perencana/{scenario.pk}/").content.decode()
    assert "Target 2029 (51,64%) tercapai September 2027" in detail
    assert "Target 2045 (64,74%) belum tercapai pada Desember 2045: 62,77%" in detail
    assert "988" not in detail and "994" not in detail


def test_the_form_says_what_is_wrong_beside_the_field(admin: User) -> None:
    client = client_for(admin)
    page = client.post("/perencana/baru/", form_data(protected_workers="400000")).content.decode()
    assert "Pekerja terlindungi tidak boleh melebihi jumlah pekerja informal." in page
    page = client.post("/perencana/baru/", form_data(start_month="2025/06", name="")).content.decode()
    assert "Tulis bulan sebagai TTTT-BB" in page and "This field is required" not in page
    assert not Scenario.objects.exists()


def test_the_form_asks_to_type_starting_figures_the_indicators_do_not_have(admin: User) -> None:
    page = client_for(admin).get("/perencana/baru/", {"start_month": "2025-06", "isi": "1", "name": "X"})
    text = page.content.decode()
    assert "isi angka awal secara manual" in text and 'value="X"' in text


def test_a_leader_edits_and_deletes_a_scenario(user_factory: Callable[..., User], scenario_factory: Any) -> None:
    scenario = scenario_factory()
    client = client_for(user_factory("leader"))
    assert client.post(f"/perencana/{scenario.pk}/ubah/", form_data(name="Baru")).status_code == 302
    scenario.refresh_from_db()
    assert scenario.name == "Baru" and scenario.new_sponsors_per_month == 300
    assert client.post(f"/perencana/{scenario.pk}/hapus/").status_code == 302
    assert not Scenario.objects.exists()


def test_a_scenario_downloads_as_xlsx_and_pdf(admin: User, asn_push: Any) -> None:
    client = client_for(admin)
    xlsx = client.get(f"/perencana/{asn_push.pk}/xlsx/")
    assert xlsx["Content-Disposition"] == f'attachment; filename="skenario-{asn_push.pk}-dorongan-asn.xlsx"'
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Tahun", "Pekerja informal", "ASN donatur", "Terlindungi")
    assert [row[0] for row in rows[1:]] == list(range(2025, 2046))
    # The cost by source adds up to the year's cost, in whole rupiah.
    names = ("Biaya iuran (Rp)", "Anggaran direncanakan (Rp)", "Anggaran tak terpakai (Rp)")
    total, planned, unspent = (rows[0].index(name) for name in names)
    by_source = [i for i, name in enumerate(rows[0]) if str(name).startswith("Biaya: ")]
    assert len(by_source) == 6 and rows[0][: len(YEAR_HEADERS)] == tuple(YEAR_HEADERS)
    for row in rows[1:]:
        assert sum(row[i] for i in by_source) == row[total]
        assert sum(row[i] for i in by_source[2:]) + row[unspent] == row[planned]
    pdf = client.get(f"/perencana/{asn_push.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_two_to_four_scenarios_compare_on_one_page(admin: User, scenario_factory: Any, asn_push: Any) -> None:
    client = client_for(admin)
    status_quo = scenario_factory()
    query = {"s": [status_quo.pk, asn_push.pk]}
    page = client.get("/perencana/bandingkan/", query).content.decode()
    assert "Status quo" in page and "Dorongan ASN" in page and "coverage-chart" in page
    assert "2029: belum tercapai (Desember 2029: 4,19%)" in page  # the month it is measured at
    sheet = load_workbook(io.BytesIO(client.get("/perencana/bandingkan/xlsx/", query).content)).active
    assert next(sheet.iter_rows(values_only=True))[:3] == ("Tahun", "Target (%)", "Status quo: cakupan (%)")
    assert client.get("/perencana/bandingkan/pdf/", query).content.startswith(b"%PDF")
    alone = client.get("/perencana/bandingkan/", {"s": [status_quo.pk]}, follow=True)
    assert "Pilih 2 sampai 4 skenario" in alone.content.decode()


def test_the_scenario_pdf_has_no_blank_page_and_its_amounts_add_up(admin: User, kendal: Region) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    scenario = demo_planner_load()[2]
    content = client_for(admin).get(f"/perencana/{scenario.pk}/pdf/").content
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    pages = done.stdout.decode().split("\f")[:-1]
    # Summary, both charts and the start of the yearly table on the first page; tables after.
    assert len(pages) == 3
    assert all(len([line for line in page.splitlines() if line.strip()]) >= 20 for page in pages)
    first = pages[0]
    assert "Cakupan dibanding lintasan target" in first and "Biaya iuran per tahun menurut sumber" in first
    assert "Proyeksi per tahun" in first and "Target 2029 (51,64%) tercapai Januari 2029" in first
    assert "Target 2045 (64,74%) belum tercapai pada Desember 2045: 52,92%" in first
    amounts = re.findall(r"Rp ([\d.]+)", done.stdout.decode())
    assert amounts and not [a for a in amounts if a.endswith(("988", "994"))]
    assert "Rp 35.000.000.000" in done.stdout.decode()  # a full year's budget, exactly
