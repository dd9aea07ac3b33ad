"""Open data over the API and the `peduli open_data` command: public, the
very bytes of the page's downloads, aggregates only."""

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from peduli.reporting.exports.open_data import DATASETS
from tests.reporting.conftest import NOW, PERSONAL

LIST = "/api/v1/open-data/"


@pytest.fixture(autouse=True)
def every_count_published(settings: Any) -> None:
    """These tests read the figures of a handful of workers, all below the
    small-cell threshold; tests/reporting/test_small_cells.py tests hiding them."""
    settings.PEDULI_OPEN_DATA_MIN_CELL = 1


def page_file(slug: str, fmt: str, **query: str) -> bytes:
    response = Client().get(reverse("reporting:open_data_download", args=[slug, fmt]), query)
    assert response.status_code == 200
    return response.content


def test_anyone_lists_the_datasets_with_their_dictionary_and_period(paid_for: Any) -> None:
    response = APIClient().get(LIST)

    assert response.status_code == 200
    catalogue = response.json()
    assert catalogue["periode"] == {"dari": str(NOW - 1), "sampai": str(NOW)}
    assert catalogue["wilayah"]["kode"] == "33.24" and catalogue["format"] == ["csv", "json"]
    assert {d["slug"]: [f["nama"] for f in d["kamus_data"]] for d in catalogue["dataset"]} == {
        d.slug: [f.name for f in d.fields] for d in DATASETS.values()
    }


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_api_file_is_the_page_download_byte_for_byte(paid_for: Any, fmt: str) -> None:
    client = APIClient()
    # A public read ignores credentials, even wrong ones.
    client.credentials(HTTP_AUTHORIZATION="Token salah")

    response = client.get(f"{LIST}cakupan-kecamatan/", {"dari": str(NOW), "format": fmt})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv" if fmt == "csv" else "application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.content == page_file("cakupan-kecamatan", fmt, dari=str(NOW))


def test_json_is_the_default_and_reads_the_whole_period(paid_for: Any) -> None:
    document = APIClient().get(f"{LIST}sumber-dana/").json()

    assert document["periode"] == {"dari": str(NOW - 1), "sampai": str(NOW)}
    assert {(r["bulan"], r["kode_sumber"], r["terbayar"]) for r in document["data"]} == {
        (str(month), source, 16_800) for month in (NOW - 1, NOW) for source in ("asn", "csr")
    }


def test_an_unknown_dataset_or_a_period_without_data_is_not_found_in_indonesian(paid_for: Any) -> None:
    client = APIClient()

    unknown = client.get(f"{LIST}pekerja/")
    old = client.get(f"{LIST}sumber-dana/", {"dari": "2001-01", "sampai": "2001-12"})

    assert unknown.status_code == 404
    assert unknown.json()["detail"] == (
        "Dataset 'pekerja' tidak ada. Pilih salah satu: cakupan-kecamatan, sumber-dana, partisipasi-opd."
    )
    assert old.status_code == 404 and "Periode di luar data yang tersedia" in old.json()["detail"]


def test_an_unreadable_month_or_format_is_a_bad_request(paid_for: Any) -> None:
    client = APIClient()

    month = client.get(f"{LIST}sumber-dana/", {"sampai": "Juni 2025"})
    fmt = client.get(f"{LIST}sumber-dana/", {"format": "xlsx"})

    assert month.status_code == 400 and "Tulis bulan sebagai TTTT-BB" in month.json()["sampai"][0]
    assert fmt.status_code == 400 and list(fmt.json()) == ["format"]


@pytest.mark.parametrize("slug", sorted(DATASETS))
def test_no_api_csv_has_a_personal_data_column_or_value(paid_for: dict[str, Any], slug: str) -> None:
    content = APIClient().get(f"{LIST}{slug}/", {"format": "csv"}).content.decode("utf-8-sig")

    header = next(csv.reader(io.StringIO(content)))
    assert header == [f.name for f in DATASETS[slug].fields]
    assert not [c for c in header if any(word in c.split("_") for word in PERSONAL)]
    assert all(w.nik not in content and w.name not in content for w in paid_for.values())


def test_the_command_lists_the_datasets(paid_for: Any) -> None:
    out = io.StringIO()

    call_command("open_data", stdout=out)

    text = out.getvalue()
    assert f"{NOW - 1} sampai {NOW}" in text
    assert all(d.slug in text and d.title in text for d in DATASETS.values())
    assert "kolom: bulan, kode_kecamatan, kecamatan" in text


def test_the_command_writes_the_page_file(paid_for: Any, tmp_path: Path) -> None:
    target = tmp_path / "opd.json"

    call_command("open_data", "partisipasi-opd", "--from", str(NOW), "--format", "json", "-o", str(target))
    call_command("open_data", "sumber-dana", "-o", str(tmp_path))

    assert target.read_bytes() == page_file("partisipasi-opd", "json", dari=str(NOW))
    named = tmp_path / f"peduli-3324-sumber-dana-{NOW - 1}-{NOW}.csv"
    assert named.read_bytes() == page_file("sumber-dana", "csv")


def test_the_command_prints_csv_without_the_byte_order_mark(paid_for: Any) -> None:
    out = io.StringIO()

    call_command("open_data", "cakupan-kecamatan", "--to", str(NOW - 1), stdout=out)

    assert out.getvalue() == page_file("cakupan-kecamatan", "csv", sampai=str(NOW - 1)).decode("utf-8-sig")


def test_the_command_refuses_an_unknown_dataset_in_indonesian(paid_for: Any) -> None:
    with pytest.raises(CommandError, match="Dataset 'pekerja' tidak ada"):
        call_command("open_data", "pekerja")


def test_the_schema_documents_the_open_data_routes(tmp_path: Path) -> None:
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()

    assert "/api/v1/open-data/:" in schema and "/api/v1/open-data/{slug}/:" in schema
    assert "text/csv:" in schema and "OpenDataDocument:" in schema
