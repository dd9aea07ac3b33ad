"""Importing BPJS's monthly list of active non-wage members and its per-village
counts: spans that only grow, whatever order the lists come in, matched to
Peduli's workers so a person is counted once."""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from peduli.bpjs.member_selectors import members_active_in
from peduli.bpjs.member_services import member_list_import_file
from peduli.bpjs.models import Member, MemberCount
from peduli.core.control_characters import CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE
from peduli.core.errors import ApplicationError
from peduli.core.models import SnapshotChange
from peduli.core.months import YearMonth
from peduli.imports.services import import_file
from peduli.regions.models import Region
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.support.files import csv_write
from tests.support.records.bpjs_members import nik_for

HEADER = ["NIK", "KPJ", "Nama", "Kode Desa", "Tanggal Mulai Kepesertaan"]
JUNE = YearMonth(2025, 6)
REGENCY = "33.24"


def _list(tmp_path: Path, rows: list[list[Any]], month: YearMonth, **options: Any) -> Any:
    path = csv_write(tmp_path, [HEADER, *rows], name=f"bpu-{month}.csv")
    return member_list_import_file(path=path, month=month, actor=None, **options)


def _span(nik: str) -> tuple[YearMonth, YearMonth]:
    member = Member.objects.get(nik=nik)
    return YearMonth.of(member.first_month), YearMonth.of(member.last_month)


@pytest.mark.django_db
def test_a_list_makes_its_members_active_in_its_month_only(kendal: Region, tmp_path: Path) -> None:
    batch = _list(tmp_path, [[nik_for(1), "25010000001", "Siti Aminah", "33.24.01.2001", ""],
                             [nik_for(2), "", "Darmo", "3324012002", ""]], JUNE)  # fmt: skip

    assert (batch.created_count, batch.rejected_count) == (2, 0)
    member = Member.objects.get(nik=nik_for(1))
    assert (member.kpj, member.name, member.village_id, member.regency_id) == (
        "25010000001", "Siti Aminah", "33.24.01.2001", REGENCY,
    )  # fmt: skip
    assert Member.objects.get(nik=nik_for(2)).village_id == "33.24.01.2002"
    assert members_active_in(regency_id=REGENCY, month=JUNE).count() == 2
    assert members_active_in(regency_id=REGENCY, month=JUNE - 1).count() == 0
    assert members_active_in(regency_id=REGENCY, month=JUNE + 1).count() == 0


@pytest.mark.django_db
def test_reimporting_a_list_changes_nothing(kendal: Region, tmp_path: Path) -> None:
    rows = [[nik_for(1), "25010000001", "Siti Aminah", "33.24.01.2001", "01/03/2024"]]
    _list(tmp_path, rows, JUNE)
    before = Member.objects.values().get()

    again = _list(tmp_path, rows, JUNE)

    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 1)
    assert Member.objects.values().get() == before


@pytest.mark.django_db
def test_lists_in_any_order_give_the_same_spans(kendal: Region, tmp_path: Path) -> None:
    rows = [[nik_for(1), "", "Siti", "33.24.01.2001", ""]]
    for month in (JUNE, JUNE - 2, JUNE + 3, JUNE - 1):
        _list(tmp_path, rows, month)

    assert _span(nik_for(1)) == (JUNE - 2, JUNE + 3)
    # An older list arriving last neither shrinks the span nor overrides what a newer one said.
    _list(tmp_path, [[nik_for(1), "25010000009", "Siti Lama", "33.24.01.2002", ""]], JUNE - 5)
    member = Member.objects.get(nik=nik_for(1))
    assert _span(nik_for(1)) == (JUNE - 5, JUNE + 3)
    assert (member.name, member.village_id, member.kpj) == ("Siti", "33.24.01.2001", "25010000009")


@pytest.mark.django_db
def test_a_membership_start_before_the_list_extends_the_span_back(kendal: Region, tmp_path: Path) -> None:
    _list(tmp_path, [[nik_for(1), "", "Siti", "33.24.01.2001", "15/03/2024"]], JUNE)

    assert _span(nik_for(1)) == (YearMonth(2024, 3), JUNE)
    assert Member.objects.get().membership_start == date(2024, 3, 15)


@pytest.mark.django_db(transaction=True)
def test_a_sponsored_worker_on_the_list_is_the_same_person(
    kendal: Region, tmp_path: Path, worker_factory: Callable[..., Worker], company: Sponsor
) -> None:
    worker = worker_factory("33.24.02.2003")
    sponsorship_start(actor=None, sponsor=company, worker=worker, start=JUNE)
    _list(tmp_path, [[worker.nik, "", worker.name, "", ""], [nik_for(7), "", "Bukan Pekerja", "", ""]], JUNE)

    member = Member.objects.get(nik=worker.nik)
    assert member.worker == worker
    assert member.village_id == worker.village_id  # no village in the list: the worker's
    other = Member.objects.get(nik=nik_for(7))
    assert (other.worker, other.village) == (None, None)
    sponsored = {worker.nik}
    listed = set(members_active_in(regency_id=REGENCY, month=JUNE).values_list("nik", flat=True))
    assert len(sponsored | listed) == 2


@pytest.mark.django_db
def test_bad_rows_are_refused_with_their_reasons(kendal: Region, tmp_path: Path) -> None:
    batch = _list(
        tmp_path,
        [
            ["1234", "", "Pendek", "33.24.01.2001", ""],
            [nik_for(1), "", "Desa Salah", "33.24.99.9999", ""],
            [nik_for(2), "", "Tanggal Salah", "33.24.01.2001", "31/02/2024"],
            [nik_for(3), "12AB", "KPJ Salah", "", ""],
            [nik_for(4), "", "Benar", "", ""],
            [nik_for(4), "", "Dobel", "", ""],
        ],
        JUNE,
    )

    reasons = dict(batch.rejected_rows.values_list("row_number", "reason"))
    assert (batch.created_count, batch.rejected_count) == (1, 5)
    assert "NIK harus 16 digit" in reasons[2]
    assert "Kode desa 33.24.99.9999 tidak ada di kabupaten ini." in reasons[3]
    assert "bukan tanggal" in reasons[4]
    assert "Nomor KPJ" in reasons[5]
    assert "sudah muncul di baris 6" in reasons[7]


@pytest.mark.django_db
def test_a_village_is_found_by_its_name_and_an_ambiguous_one_needs_the_district(kendal: Region, tmp_path: Path) -> None:
    path = csv_write(
        tmp_path,
        [
            ["NIK", "Nama", "Nama Desa", "Kecamatan"],
            [nik_for(1), "A", "Blumah", ""],
            [nik_for(2), "B", "Sukodadi", ""],
            [nik_for(3), "C", "Desa Blumah", "Kec. Plantungan"],
        ],
    )
    batch = member_list_import_file(path=path, month=JUNE, actor=None)

    assert Member.objects.get(nik=nik_for(1)).village_id == "33.24.01.2001"
    assert Member.objects.get(nik=nik_for(3)).village_id == "33.24.01.2001"
    assert "isi juga kecamatannya" in batch.rejected_rows.get().reason


@pytest.mark.django_db
def test_a_dry_run_writes_nothing_but_counts_what_would_happen(kendal: Region, tmp_path: Path) -> None:
    batch = _list(tmp_path, [[nik_for(1), "", "Siti", "", ""]], JUNE, dry_run=True)

    assert batch.created_count == 1
    assert not Member.objects.exists()
    assert not SnapshotChange.objects.exists()


@pytest.mark.django_db
def test_an_import_marks_the_indicators_stale_from_the_earliest_month_it_touched(
    kendal: Region, tmp_path: Path
) -> None:
    _list(tmp_path, [[nik_for(1), "", "Siti", "", "02/01/2025"]], JUNE)

    assert list(SnapshotChange.objects.values_list("regency_id", "since")) == [(REGENCY, date(2025, 1, 1))]


@pytest.mark.django_db
def test_a_list_without_its_month_is_not_imported(kendal: Region, tmp_path: Path) -> None:
    path = csv_write(tmp_path, [HEADER, [nik_for(1), "", "Siti", "", ""]], name="tanpa-bulan.csv")

    with pytest.raises(ApplicationError, match="Bulan daftar BPJS tidak diketahui"):
        import_file(kind="bpjs_members", path=path, actor=None, dry_run=False)
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_counts_are_kept_per_village_and_month_and_replaced_by_a_new_file(kendal: Region, tmp_path: Path) -> None:
    def counts(rows: list[list[Any]], month: YearMonth) -> Any:
        path = csv_write(tmp_path, [["Kode Desa", "Jumlah"], *rows], name="jumlah.csv")
        return member_list_import_file(path=path, month=month, actor=None, counts=True)

    first = counts([["33.24.01.2001", "120"], ["3324012002", "1.050"], ["33.24.99.9999", "3"], ["33.24.01.2003", "x"]],
                   JUNE)  # fmt: skip
    assert (first.created_count, first.rejected_count) == (2, 2)
    counts([["33.24.01.2001", "125"]], JUNE - 1)
    again = counts([["33.24.01.2001", "130"], ["33.24.01.2002", "1050"]], JUNE)

    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 1, 1)
    by_key = {(c.village_id, YearMonth.of(c.month)): c.count for c in MemberCount.objects.all()}
    assert by_key == {
        ("33.24.01.2001", JUNE): 130, ("33.24.01.2002", JUNE): 1050, ("33.24.01.2001", JUNE - 1): 125,
    }  # fmt: skip


def test_a_row_with_a_control_character_in_a_text_cell_is_refused_naming_the_column(
    kendal: Region, tmp_path: Path
) -> None:
    # U+001F at the end of a cell: Python counts it as whitespace, the reader does not trim it away.
    batch = _list(tmp_path, [[nik_for(1), "", "Siti Aminah\x1f", "", ""], [nik_for(2), "", "Budi", "", ""]], JUNE)

    assert (batch.created_count, batch.rejected_count) == (1, 1)
    assert list(batch.rejected_rows.values_list("row_number", "reason")) == [
        (2, str(CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE) % {"columns": "Nama"})
    ]
    assert list(Member.objects.values_list("nik", "name")) == [(nik_for(2), "Budi")]
