"""Open data: public CSV and JSON of aggregates only, with a data dictionary;
and the recap page and downloads, held to each user's own place."""

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.core.models import AccessLog
from peduli.core.months import YearMonth
from peduli.regions.models import Region
from peduli.reporting.exports.open_data import DATASETS
from tests.reporting.conftest import PERSONAL

NOW = YearMonth.current()


@pytest.fixture(autouse=True)
def every_count_published(settings: Any) -> None:
    """These tests read the figures of a handful of workers, all below the
    small-cell threshold; tests/reporting/test_small_cells.py tests hiding them."""
    settings.PEDULI_OPEN_DATA_MIN_CELL = 1


def download(client: Client, slug: str, fmt: str, **query: str) -> Any:
    return client.get(reverse("reporting:open_data_download", args=[slug, fmt]), query)


def csv_rows(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_open_data_page_is_public_and_lists_every_dataset_with_its_dictionary(
    client: Client, paid_for: Any
) -> None:
    response = client.get(reverse("reporting:open_data"))

    assert response.status_code == 200
    page = response.content.decode()
    for dataset in DATASETS.values():
        assert dataset.title in page
        assert reverse("reporting:open_data_download", args=[dataset.slug, "csv"]) in page
        assert all(f"<code>{field.name}</code>" in page for field in dataset.fields)


def test_the_district_csv_counts_protected_workers_per_month_and_names_nobody(
    client: Client, paid_for: dict[str, Any]
) -> None:
    response = download(client, "cakupan-kecamatan", "csv")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    ours = [r for r in rows if r["kode_kecamatan"] == "33.24.01"]
    assert [(r["bulan"], r["pekerja_informal"], r["pekerja_terlindungi"], r["cakupan_persen"]) for r in ours] == [
        (str(NOW - 1), "600", "2", "0.33"),
        (str(NOW), "600", "2", "0.33"),
    ]
    content = response.content.decode("utf-8-sig")
    assert "Sutinah" not in content and paid_for["csr"].nik not in content


@pytest.mark.parametrize("slug", sorted(DATASETS))
def test_no_dataset_has_a_personal_data_column(client: Client, paid_for: dict[str, Any], slug: str) -> None:
    document = download(client, slug, "json").json()

    columns = [field["nama"] for field in document["kamus_data"]]
    assert not [c for c in columns if any(word in c.split("_") for word in PERSONAL)]
    assert all(set(row) == set(columns) for row in document["data"])
    text = json.dumps(document)
    assert all(w.nik not in text and w.name not in text for w in paid_for.values())


def test_the_json_gives_sources_and_agencies_with_the_dictionary_and_a_period(
    client: Client, paid_for: dict[str, Any]
) -> None:
    sources = download(client, "sumber-dana", "json", dari=str(NOW), sampai=str(NOW)).json()
    agencies = download(client, "partisipasi-opd", "json", dari=str(NOW)).json()

    assert sources["periode"] == {"dari": str(NOW), "sampai": str(NOW)}
    assert {(r["kode_sumber"], r["pekerja_terlindungi"], r["terbayar"]) for r in sources["data"]} == {
        ("asn", 1, 16_800),
        ("csr", 1, 16_800),
    }
    dinkes = next(r for r in agencies["data"] if r["kode_opd"] == "DINKES")
    assert (dinkes["jumlah_asn"], dinkes["asn_berdonasi"], dinkes["pekerja_dibiayai"]) == (1, 1, 1)
    assert dinkes["rasio_persen"] == 100.0
    assert sources["lisensi"] and sources["kamus_data"][0]["nama"] == "bulan"


def test_an_unknown_dataset_or_a_period_without_data_is_not_found(client: Client, paid_for: Any) -> None:
    assert client.get("/laporan/data-terbuka/pekerja.csv").status_code == 404
    assert download(client, "sumber-dana", "csv", dari="2001-01", sampai="2001-12").status_code == 404
    assert download(client, "sumber-dana", "csv", dari="bulan-lalu").status_code == 404


def test_the_recap_page_needs_a_login(client: Client, kendal: Region) -> None:
    response = client.get(reverse("reporting:recap"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_labour_office_downloads_any_scope_and_the_export_is_logged(
    client: Client, admin: User, paid_for: Any
) -> None:
    client.force_login(admin)

    page = client.get(reverse("reporting:recap"), {"month": str(NOW), "scope": "district:33.24.01"})
    xlsx = client.get(reverse("reporting:recap_download", args=["xlsx"]), {"month": str(NOW), "scope": "regency"})

    assert page.status_code == 200
    assert "Pekerja rentan terlindungi" in page.content.decode()
    assert "scope=district:33.24.01" in page.content.decode()
    book = load_workbook(io.BytesIO(xlsx.content))
    summary = {row[1]: row for row in book["Ringkasan"].iter_rows(values_only=True) if row[1]}
    assert summary["Pekerja rentan terlindungi"][2] == 2
    assert xlsx["Content-Disposition"] == f'attachment; filename="rekap-peduli-{NOW}-regency.xlsx"'
    assert AccessLog.objects.filter(user=admin, subject="monthly_recap", object_id="regency").exists()


def test_an_agency_operator_gets_the_own_agency_and_nothing_else(
    client: Client, user_factory: Callable[..., User], agencies: dict[str, Agency], paid_for: Any
) -> None:
    client.force_login(user_factory("agency_operator", agency=agencies["dinkes"]))

    own = client.get(reverse("reporting:recap"))
    other = client.get(reverse("reporting:recap"), {"scope": "agency:DISDIK"})
    regency = client.get(reverse("reporting:recap_download", args=["pdf"]), {"scope": "regency"})
    pdf = client.get(reverse("reporting:recap_download", args=["pdf"]))

    assert own.status_code == 200 and "Dinas Kesehatan" in own.content.decode()
    assert 'name="scope" value="agency:DINKES"' in own.content.decode()
    assert (other.status_code, regency.status_code) == (404, 404)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == f'attachment; filename="rekap-peduli-{NOW}-agency-DINKES.pdf"'


def test_a_district_operator_reads_the_own_district_only(
    client: Client, user_factory: Callable[..., User], paid_for: Any
) -> None:
    client.force_login(user_factory("district_operator", district=Region.objects.get(code="33.24.01")))

    assert client.get(reverse("reporting:recap")).status_code == 200
    assert client.get(reverse("reporting:recap"), {"scope": "district:33.24.15"}).status_code == 404


def test_a_csr_partner_has_no_recap(client: Client, partner: User, kendal: Region) -> None:
    client.force_login(partner)

    assert client.get(reverse("reporting:recap")).status_code == 403
