"""Hostile files through the import engine (ADR 0015): what the reader
refuses before anything parses the file, naming the limit — an xlsx's
declared dimension, an ods's repeated rows and columns, an xls's DIMENSIONS
record — and what happens to a file that gets past the checks and kills its
reader: the worker lives on and the batch fails with a message."""

import io
import secrets
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from pytest_django.fixtures import Settings

from peduli.accounts.models import User
from peduli.core.errors import ApplicationError
from peduli.imports.models import ImportBatch
from peduli.imports.services import import_file
from peduli.regions.models import Region
from peduli.workers.models import Worker
from tests.support.clients import client_for
from tests.support.files import (
    ods_row,
    ods_write,
    write_xlsx,
    xls_write,
    xlsx_far_cell,
    xlsx_padded,
    xlsx_with_entries,
)

HEADERS = ["NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Kode Desa", "Alamat", "No HP", "Pekerjaan"]
ROW: list[Any] = ["3324014506850001", "Siti Aminah", "05/06/1985", "P", "33.24.01.2001", "", "", "Buruh tani"]


def refusal(path: Path) -> str:
    """Import `path` (a dry run, as the command does); the refusal's message,
    after checking that the batch failed with it."""
    with pytest.raises(ApplicationError) as caught:
        import_file(kind="workers", path=path, actor=None, dry_run=True)
    batch = ImportBatch.objects.latest("pk")
    assert batch.status == ImportBatch.Status.FAILED and batch.error == caught.value.message
    return caught.value.message


def test_a_cell_at_xfd1048576_is_refused_by_the_declared_dimension_before_any_parser_runs(
    kendal: Region, tmp_path: Path
) -> None:
    # python-calamine makes one dense grid as large as the cells' span: this
    # 2 KB file asks it for 17 billion cells (512 GiB), which aborts the process.
    path = xlsx_far_cell(tmp_path / "satu-sel.xlsx", HEADERS)
    assert path.stat().st_size < 10_000

    message = refusal(path)

    assert "sampai sel XFD1048576" in message
    assert "16.384 kolom, lebih dari batas 100 kolom" in message


def test_a_sheet_declared_taller_than_the_row_limit_is_refused(
    kendal: Region, tmp_path: Path, settings: Settings
) -> None:
    settings.PEDULI_IMPORT_MAX_ROWS = 1_000
    message = refusal(xlsx_far_cell(tmp_path / "panjang.xlsx", HEADERS, cell="A5000"))
    assert "sampai sel H5000: 4.999 baris data, lebih dari batas 1.000 baris" in message


def test_a_zip_bomb_is_refused_by_its_compression_ratio(kendal: Region, tmp_path: Path) -> None:
    path = xlsx_padded(tmp_path / "bom.xlsx", HEADERS, [ROW], padding=20 * 1024 * 1024)
    assert path.stat().st_size < 200_000  # 20 MB of sheet inside

    message = refusal(path)

    assert "bagian xl/worksheets/sheet1.xml membesar" in message and "batasnya 100 kali" in message


def test_a_file_inflating_past_the_limit_is_refused(kendal: Region, tmp_path: Path, settings: Settings) -> None:
    settings.PEDULI_IMPORT_MAX_INFLATED_BYTES = 256 * 1024
    # Random text hardly compresses: the ratio is fine, the size is not.
    rows = [[secrets.token_hex(32), secrets.token_hex(32)] for _ in range(3_000)]
    path = write_xlsx(tmp_path / "besar.xlsx", rows, ["NIK", "Nama"])

    assert "lebih besar dari batas 256 KB setelah dibuka" in refusal(path)


def test_an_archive_of_too_many_entries_is_refused(kendal: Region, tmp_path: Path, settings: Settings) -> None:
    settings.PEDULI_IMPORT_MAX_ENTRIES = 50
    path = xlsx_with_entries(tmp_path / "banyak.xlsx", HEADERS, [ROW], entries=60)

    message = refusal(path)

    assert "lebih dari batas 50" in message and "bagian di dalam arsipnya" in message


def test_a_csv_wider_than_the_column_limit_is_refused(kendal: Region, tmp_path: Path) -> None:
    path = tmp_path / "lebar.csv"
    path.write_text(",".join(f"k{i}" for i in range(150)) + "\n" + ",".join("x" for _ in range(150)) + "\n")
    assert "150 kolom, lebih dari batas 100 kolom" in refusal(path)


def test_a_csv_longer_than_the_row_limit_is_refused(kendal: Region, tmp_path: Path, settings: Settings) -> None:
    settings.PEDULI_IMPORT_MAX_ROWS = 5
    path = tmp_path / "panjang.csv"
    path.write_text(",".join(HEADERS) + "\n" + ("\n".join(",".join(ROW) for _ in range(8))) + "\n")
    assert "8 baris data, lebih dari batas 5 baris" in refusal(path)


def test_an_ods_row_repeated_three_million_times_is_refused_before_calamine_lays_it_out(
    kendal: Region, tmp_path: Path
) -> None:
    # One row, and one attribute saying it comes 3,000,000 times: calamine
    # would write out 24 million cells.
    path = ods_write(tmp_path / "ulang.ods", [ods_row(HEADERS), ods_row(ROW, repeat=3_000_000)])
    assert path.stat().st_size < 2_000

    message = refusal(path)

    assert "sampai sel H3000001: 3.000.000 baris data, lebih dari batas 2.000.000 baris" in message


def test_an_ods_cell_repeated_across_16384_columns_is_refused(kendal: Region, tmp_path: Path) -> None:
    wide = (
        '<table:table-row><table:table-cell table:number-columns-repeated="16384" office:value-type="float" '
        'office:value="1"/></table:table-row>'
    )
    path = ods_write(tmp_path / "lebar.ods", [ods_row(HEADERS), wide])
    assert path.stat().st_size < 2_000

    assert "sampai sel XFD2: 16.384 kolom, lebih dari batas 100 kolom" in refusal(path)


def test_an_ods_with_a_million_empty_rows_and_columns_after_its_table_is_read_as_its_table(
    kendal: Region, tmp_path: Path
) -> None:
    # What LibreOffice writes once a whole column has a format: the empty rest of the sheet, repeated.
    rows = [
        ods_row([*HEADERS, ""], cell_repeat=1),
        ods_row([*ROW, ""]),
        ods_row([""], repeat=1_048_574, cell_repeat=16_384),
    ]
    batch = import_file(kind="workers", path=ods_write(tmp_path / "libreoffice.ods", rows), actor=None, dry_run=True)

    assert (batch.status, batch.created_count, batch.rejected_count) == (ImportBatch.Status.DONE, 1, 0)


def test_an_xls_whose_dimensions_record_declares_65536_rows_of_256_columns_is_refused(
    kendal: Region, tmp_path: Path
) -> None:
    path = xls_write(tmp_path / "lebar.xls", [HEADERS, ROW], dimensions=(0, 65_536, 0, 256))
    assert path.stat().st_size < 10_000

    assert "sampai sel IV65536: 256 kolom, lebih dari batas 100 kolom" in refusal(path)


@pytest.mark.parametrize(
    ("dimensions", "expected"),
    [
        # calamine reserves room for 4 billion rows the moment it reads this record
        ((0, 2**32 - 1, 0, 8), "sampai sel H4294967295: 4.294.967.294 baris data, lebih dari batas 2.000.000 baris"),
        # a first row past the last: calamine's arithmetic wraps round to 4 billion rows
        ((10, 2, 0, 8), "sampai sel H2: 4.294.967.287 baris data, lebih dari batas 2.000.000 baris"),
    ],
)
def test_an_xls_declaring_billions_of_rows_is_refused_before_calamine_reserves_them(
    kendal: Region, tmp_path: Path, dimensions: tuple[int, int, int, int], expected: str
) -> None:
    path = xls_write(tmp_path / "panjang.xls", [HEADERS, ROW], dimensions=dimensions)

    assert expected in refusal(path)


def test_an_xls_within_the_limits_is_imported(kendal: Region, tmp_path: Path) -> None:
    batch = import_file(kind="workers", path=xls_write(tmp_path / "pekerja.xls", [HEADERS, ROW]), actor=None,
                        dry_run=True)  # fmt: skip

    assert (batch.status, batch.created_count, batch.rejected_count) == (ImportBatch.Status.DONE, 1, 0)


@pytest.mark.django_db(transaction=True)
def test_a_file_lying_about_its_span_kills_only_its_reader_and_the_worker_runs_the_next_import(
    kendal: Region, admin: User, settings: Settings, tmp_path: Path
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # It declares A1:H2, so the dimension check lets it through; calamine then
    # asks for 512 GiB and Rust aborts the reader, inside its 1.5 GB limit.
    poison = xlsx_far_cell(tmp_path / "bohong.xlsx", HEADERS, declared="A1:H2")
    good = write_xlsx(tmp_path / "baik.xlsx", [ROW], HEADERS)
    client = client_for(admin)
    for path in (poison, good):
        client.post("/pekerja/impor/", {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    first, second = ImportBatch.objects.order_by("pk")
    assert first.status == second.status == ImportBatch.Status.PENDING

    # The task worker, in this very process: were the file parsed here, the test run would die.
    call_command("db_worker", "--batch", stdout=io.StringIO(), stderr=io.StringIO())

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ImportBatch.Status.FAILED
    assert "batas memori pembaca 1,5 GB" in first.error
    assert second.status == ImportBatch.Status.DONE and second.created_count == 1
    assert not Worker.objects.exists()  # both were dry runs
