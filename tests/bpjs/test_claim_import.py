"""Importing BPJS's claim report: keyed by claim number, so a report imported
again changes nothing and a later one moves claims on; linked like a claim
recorded by hand."""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from peduli.bpjs.models import Claim
from peduli.core.control_characters import CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE
from peduli.core.months import YearMonth
from peduli.imports.services import import_file
from peduli.regions.models import Region
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.support.files import csv_write
from tests.support.records.bpjs_members import nik_for

HEADER = ["Nomor Klaim", "NIK", "Nama", "KPJ", "Jenis", "Tanggal Kejadian", "Status", "Manfaat Dibayar",
          "Santunan Ahli Waris", "Jumlah Anak Penerima Beasiswa", "Tanggal Dibayar"]  # fmt: skip


def _import(tmp_path: Path, rows: list[list[Any]]) -> Any:
    return import_file(kind="bpjs_claims", path=csv_write(tmp_path, [HEADER, *rows]), actor=None, dry_run=False)


@pytest.mark.django_db
def test_a_claim_report_is_imported_and_linked_to_workers(
    tmp_path: Path, worker_factory: Callable[..., Worker], company: Sponsor
) -> None:
    worker = worker_factory("33.24.02.2003")
    sponsorship_start(actor=None, sponsor=company, worker=worker, start=YearMonth(2025, 1))

    batch = _import(tmp_path, [
        ["jkm-1", worker.nik, worker.name, "25010000001", "Jaminan Kematian", "12/05/2025", "Dibayar",
         "Rp 42.000.000", "", "2", "02/06/2025"],
        ["JKK-2", nik_for(4), "Budi", "", "JKK", "2025-04-01", "diproses", "", "", "", ""],
    ])  # fmt: skip

    assert (batch.created_count, batch.rejected_count) == (2, 0)
    death = Claim.objects.get(reference="JKM-1")
    assert (death.worker, death.district_id, death.funding_source, death.kind, death.status) == (
        worker, "33.24.02", "csr", "jkm", "paid",
    )  # fmt: skip
    assert (death.amount_paid, death.scholarship_children, death.paid_on) == (42_000_000, 2, date(2025, 6, 2))
    accident = Claim.objects.get(reference="JKK-2")
    assert (accident.worker, accident.funding_source, accident.status, accident.amount_paid) == (
        None, "mandiri", "in_process", 0,
    )  # fmt: skip


@pytest.mark.django_db
def test_the_same_report_again_changes_nothing_and_a_later_one_updates(kendal: Region, tmp_path: Path) -> None:
    filed = ["JKK-9", nik_for(1), "Siti", "", "JKK", "01/04/2025", "Diajukan", "", "", "", ""]
    _import(tmp_path, [filed])
    again = _import(tmp_path, [filed])
    later = _import(tmp_path, [["JKK-9", nik_for(1), "Siti", "", "JKK", "01/04/2025", "", "5.000.000", "", "",
                                "20/05/2025"]])  # fmt: skip

    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 1)
    assert (later.created_count, later.updated_count) == (0, 1)
    claim = Claim.objects.get()
    assert (claim.status, claim.amount_paid, claim.paid_on) == ("paid", 5_000_000, date(2025, 5, 20))


@pytest.mark.django_db
def test_impossible_claim_rows_are_refused_with_reasons(kendal: Region, tmp_path: Path) -> None:
    batch = _import(tmp_path, [
        ["K-1", nik_for(1), "", "", "JHT", "01/04/2025", "", "", "", "", ""],
        ["K-2", nik_for(2), "", "", "JKM", "01/04/2025", "Dibayar", "42000000", "", "", ""],
        ["K-3", nik_for(3), "", "", "JKM", "01/04/2025", "Dibayar", "42jt", "", "5", "01/05/2025"],
        ["K-4", "3324", "", "", "JKM", "31/04/2025", "", "", "", "", ""],
        ["K-5", nik_for(5), "", "", "JKM", "01/04/2025", "", "", "", "", ""],
    ])  # fmt: skip

    reasons = dict(batch.rejected_rows.values_list("row_number", "reason"))
    assert batch.created_count == 1
    assert 'Jenis klaim "JHT" tidak dikenal' in reasons[2]
    assert "harus diisi tanggal dibayarnya" in reasons[3]
    assert "bukan rupiah utuh" in reasons[4] and "paling banyak 2 anak" in reasons[4]
    assert "NIK harus 16 digit" in reasons[5] and "bukan tanggal" in reasons[5]


def test_a_row_with_a_control_character_in_a_text_cell_is_refused_naming_the_column(
    kendal: Region, tmp_path: Path
) -> None:
    batch = _import(tmp_path, [
        ["K-1", nik_for(1), "Siti\x07 Aminah", "", "JKM", "01/04/2025", "", "", "", "", ""],
        ["K-2", nik_for(2), "Budi Santoso", "", "JKK", "01/04/2025", "", "", "", "", ""],
    ])  # fmt: skip

    assert (batch.created_count, batch.rejected_count) == (1, 1)
    assert list(batch.rejected_rows.values_list("row_number", "reason")) == [
        (2, str(CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE) % {"columns": "Nama"})
    ]
    assert list(Claim.objects.values_list("reference", "name")) == [("K-2", "Budi Santoso")]
