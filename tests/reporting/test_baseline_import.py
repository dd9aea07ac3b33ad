"""Informal workers per district from a BPS-style spreadsheet through the
shared import engine: districts by code or name, the regency's "Jumlah" row,
Indonesian number formats, replaced figures, refused rows, and the figures
that do not add up flagged without being refused."""

from decimal import Decimal
from pathlib import Path
from typing import Any

from peduli.accounts.models import User
from peduli.core.control_characters import CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE
from peduli.imports.models import ImportBatch
from peduli.imports.services import import_file
from peduli.regions.models import Region
from peduli.reporting.baselines.importing import baseline_import_warnings
from peduli.reporting.baselines.services import baseline_set
from peduli.reporting.models import InformalWorkerBaseline
from tests.support.files import write_xlsx
from tests.support.records.baselines import HEADERS, SOURCE, bps_table


def imported(path: Path, rows: list[list[Any]], *, actor: Any, dry_run: bool = False) -> ImportBatch:
    return import_file(kind="baselines", path=write_xlsx(path, rows, HEADERS), actor=actor, dry_run=dry_run)


def test_a_bps_table_is_recorded_with_the_regency_row_and_no_warning(
    kendal: Region, admin: User, tmp_path: Path
) -> None:
    batch = imported(tmp_path / "bps.xlsx", bps_table(kendal), actor=admin)
    assert (batch.created_count, batch.rejected_count) == (21, 0)
    rows = InformalWorkerBaseline.objects.filter(year=2025)
    assert rows.filter(district__isnull=False).count() == 20
    assert rows.get(district__isnull=True).informal_workers == 200_000
    plantungan = rows.get(district_id="33.24.01")
    assert (plantungan.informal_workers, plantungan.stated_share_pct, plantungan.source) == (
        10_000, Decimal("5.00"), SOURCE,
    )  # fmt: skip
    assert plantungan.recorded_by == admin
    assert baseline_import_warnings(batch=batch) == []


def test_a_dry_run_writes_nothing_but_already_shows_what_does_not_add_up(
    kendal: Region, admin: User, tmp_path: Path
) -> None:
    rows = bps_table(kendal, share="5,05")  # the printed shares add up to 101%
    rows[-1][3] = 201_500
    batch = imported(tmp_path / "bps.xlsx", rows, actor=admin, dry_run=True)
    assert batch.created_count == 21
    assert not InformalWorkerBaseline.objects.exists()
    assert baseline_import_warnings(batch=batch) == [
        "Tahun 2025: jumlah angka kecamatan (200.000) tidak sama dengan angka kabupaten (201.500), selisih 1.500. "
        "Peduli memakai jumlah kecamatan.",
        "Tahun 2025: persentase yang tertulis di sumber berjumlah 101,00%, bukan 100%.",
    ]


def test_figures_are_flagged_against_those_already_recorded(kendal: Region, admin: User, tmp_path: Path) -> None:
    for row in bps_table(kendal)[1:20]:
        district = Region.objects.get(code=row[0])
        baseline_set(actor=admin, regency=kendal, district=district, year=2025, informal_workers=10_000, source="BPS")
    # The file brings only Plantungan, with a share that is not 12,000 of 202,000.
    batch = imported(tmp_path / "satu.xlsx", [["33.24.01", "Plantungan", 2025, 12_000, "5,00", SOURCE]], actor=admin)
    assert baseline_import_warnings(batch=batch) == [
        "Tahun 2025, Kec. Plantungan: persentase tertulis 5,00%, padahal 12.000 dari 202.000 adalah 5,94%."
    ]


def test_importing_again_replaces_changed_figures_and_counts_the_rest_unchanged(
    kendal: Region, admin: User, tmp_path: Path
) -> None:
    imported(tmp_path / "a.xlsx", bps_table(kendal), actor=admin)
    rows = bps_table(kendal)
    rows[0][3] = "10.500"
    rows[1][4] = None
    again = imported(tmp_path / "b.xlsx", rows, actor=admin)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 2, 19)
    assert InformalWorkerBaseline.objects.get(district_id="33.24.01").informal_workers == 10_500
    assert InformalWorkerBaseline.objects.get(district_id="33.24.02").stated_share_pct is None
    assert InformalWorkerBaseline.objects.count() == 21


def test_districts_by_name_only_and_a_file_without_source(kendal: Region, admin: User, tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["Kec. Kaliwungu Selatan", "2025", "12,345"],
        ["KENDAL", 2025, 20_000],
        ["Jumlah", 2025, 32_345],
    ]
    path = write_xlsx(tmp_path / "sakernas.csv.xlsx", rows, headers=["Nama Kecamatan", "Tahun", "Pekerja Informal"])
    batch = import_file(kind="baselines", path=path, actor=None, dry_run=False)
    assert batch.rejected_count == 0
    recorded = dict(InformalWorkerBaseline.objects.values_list("district_id", "informal_workers"))
    assert recorded == {"33.24.20": 12_345, "33.24.15": 20_000, None: 32_345}
    assert InformalWorkerBaseline.objects.filter(source="Berkas sakernas.csv.xlsx").count() == 3


def test_rows_that_cannot_be_right_are_refused_with_the_reason(kendal: Region, admin: User, tmp_path: Path) -> None:
    rows = [
        ["33.24.99", "", 2025, 100, "", SOURCE],
        ["", "Gotham", 2025, 100, "", SOURCE],
        ["33.24.01", "Boja", 2025, 100, "", SOURCE],
        ["33.24.02", "", 1990, 100, "", SOURCE],
        ["33.24.03", "", 2025, "banyak", "", SOURCE],
        ["33.24.04", "", 2025, 0, "", SOURCE],
        ["33.24.05", "", 2025, 100, "120", SOURCE],
        ["", "", 2025, 100, "", SOURCE],
        ["33.24.06", "", 2025, 100, "", SOURCE],
        ["6", "Limbangan", 2025, 100, "", SOURCE],
    ]
    batch = imported(tmp_path / "x.xlsx", rows, actor=admin)
    reasons = {row.row_number: row.reason for row in batch.rejected_rows.all()}
    assert reasons == {
        2: 'Kode kecamatan "33.24.99" tidak ada di Kabupaten Kendal.',
        3: 'Kecamatan "Gotham" tidak ada di Kabupaten Kendal; periksa ejaannya atau isi kodenya.',
        4: 'Kode 33.24.01 adalah Kecamatan Plantungan, bukan "Boja".',
        5: f'Tahun "1990" tidak dikenal; tulis tahun antara 2000 dan {batch.created_at.year + 1}.',
        6: 'Jumlah Pekerja Informal "banyak" bukan bilangan bulat lebih dari nol; tulis misalnya 16.934.',
        7: 'Jumlah Pekerja Informal "0" bukan bilangan bulat lebih dari nol; tulis misalnya 16.934.',
        8: 'Persentase "120" bukan angka antara 0 dan 100.',
        9: "Isi kode atau nama kecamatan (atau Jumlah untuk angka kabupaten).",
        11: "Kecamatan ini sudah muncul di baris 10 berkas ini.",
    }
    assert list(InformalWorkerBaseline.objects.values_list("district_id", flat=True)) == ["33.24.06"]


def test_a_row_with_a_control_character_in_a_text_cell_is_refused_naming_the_column(
    kendal: Region, admin: User, tmp_path: Path
) -> None:
    rows = bps_table(kendal)
    rows[0][5] = "BPS_x0000_ Kendal"  # NUL, as Excel writes it in a cell

    batch = imported(tmp_path / "bps.xlsx", rows, actor=admin)

    assert (batch.created_count, batch.rejected_count) == (20, 1)
    assert list(batch.rejected_rows.values_list("row_number", "reason")) == [
        (2, str(CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE) % {"columns": "Sumber"})
    ]
    assert not InformalWorkerBaseline.objects.filter(district_id="33.24.01").exists()
    # The warnings read the file again, through the same check: the refused row is not a figure.
    assert "baru 19 dari 20 kecamatan yang berisi angka" in baseline_import_warnings(batch=batch)[0]
