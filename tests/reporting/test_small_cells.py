"""Open data publishes no count of people small enough to point at someone
(1–4 by default), nor what would give it back: its amounts and percentage,
or a total minus the other cells."""

import csv
import io
import json
from typing import Any

from django.test import Client
from django.urls import reverse

from peduli.reporting.exports.small_cells import CountColumn, small_cells_hidden

# month, place, protected, percent of protected
ROWS = [
    ["2026-11", "A", 0, 0.0], ["2026-11", "B", 2, 0.4], ["2026-11", "C", 7, 1.4], ["2026-11", "D", 12, 2.4],
    ["2026-12", "A", 0, 0.0], ["2026-12", "B", 3, 0.6], ["2026-12", "C", 4, 0.8], ["2026-12", "D", 9, 1.8],
]  # fmt: skip


def test_small_counts_and_what_derives_from_them_are_emptied() -> None:
    hidden = small_cells_hidden(ROWS, group=0, columns=[CountColumn(2, derived=(3,))], minimum=5)

    assert [row[2:] for row in hidden[4:]] == [[0, 0.0], [None, None], [None, None], [9, 1.8]]


def test_a_lone_small_cell_takes_the_next_smallest_with_it_so_the_total_cannot_give_it_back() -> None:
    hidden = small_cells_hidden(ROWS, group=0, columns=[CountColumn(2, derived=(3,))], minimum=5)

    # Hiding B's 2 alone, the regency's total (21, published elsewhere) minus the rest would give it back.
    assert [row[2:] for row in hidden[:4]] == [[0, 0.0], [None, None], [None, None], [12, 2.4]]


def test_a_threshold_of_one_publishes_everything() -> None:
    assert small_cells_hidden(ROWS, group=0, columns=[CountColumn(2, derived=(3,))], minimum=1) == ROWS


def test_the_downloads_hide_a_district_of_two_workers_and_their_amounts(client: Client, paid_for: Any) -> None:
    districts = client.get(reverse("reporting:open_data_download", args=["cakupan-kecamatan", "csv"]))
    rows = csv.DictReader(io.StringIO(districts.content.decode("utf-8-sig")))
    ours = [r for r in rows if r["kode_kecamatan"] == "33.24.01"]
    assert {(r["pekerja_informal"], r["pekerja_terlindungi"], r["cakupan_persen"]) for r in ours} == {("600", "", "")}

    sources = json.loads(client.get(reverse("reporting:open_data_download", args=["sumber-dana", "json"])).content)
    paid = [row for row in sources["data"] if row["kode_sumber"] in ("asn", "csr")]
    assert paid and all(row["pekerja_terlindungi"] is None and row["iuran"] is None for row in paid)
    assert "Jumlah orang 1 sampai 4 tidak diterbitkan" in sources["kerahasiaan"]

    page = client.get(reverse("reporting:open_data")).content.decode()
    assert "Jumlah orang 1 sampai 4 tidak diterbitkan" in page
