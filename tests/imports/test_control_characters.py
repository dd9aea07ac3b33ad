"""Control characters in an imported file (issue 14): the engine refuses a
row whose cell, in any column the kind reads, holds one — NUL, BEL, ESC,
DEL, a C1 character, as a CSV carries them or as Excel writes them
(`_x0007_`) — naming each such column by the file's own header, and imports
the other rows; tab, line feed and carriage return are whitespace, a space
once read. The rejected-rows file lists the row without the characters."""

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from peduli.accounts.models import User
from peduli.core.control_characters import CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE
from peduli.imports.exports import rejected_rows_xlsx
from peduli.imports.registry import spec_for
from peduli.imports.services import import_file
from peduli.regions.models import Region
from peduli.workers.models import Worker
from tests.support.files import csv_write, write_xlsx

HEADERS = ["NIK", "Nama Lengkap", "Tanggal Lahir", "Jenis Kelamin", "Kode Desa", "Alamat Lengkap", "Pekerjaan"]
SITI: list[Any] = ["3324014506850001", "Siti Aminah", "05/06/1985", "P", "33.24.01.2001", "Dusun Krajan", "Buruh tani"]
BUDI: list[Any] = ["3324011706850002", "Budi Santoso", "17/06/1985", "L", "33.24.01.2001", "Dusun Kali", "Nelayan"]


def message(columns: str) -> str:
    return str(CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE) % {"columns": columns}


@pytest.mark.parametrize(
    "character", ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f"]
)
def test_a_c0_c1_or_del_character_anywhere_in_a_cell_refuses_its_row(
    kendal: Region, tmp_path: Path, character: str
) -> None:
    rows = [[*SITI[:1], f"{character}Siti Aminah", *SITI[2:]], BUDI]
    batch = import_file(kind="workers", path=csv_write(tmp_path, [HEADERS, *rows]), actor=None, dry_run=False)

    assert list(batch.rejected_rows.values_list("row_number", "reason")) == [(2, message("Nama Lengkap"))]
    assert list(Worker.objects.values_list("nik", flat=True)) == [BUDI[0]]


def test_tab_line_feed_and_carriage_return_are_whitespace_and_read_as_one_space(kendal: Region, tmp_path: Path) -> None:
    rows = [[*SITI[:1], "Siti\tAminah", *SITI[2:5], "Dusun Krajan\r\nRT 02\nRW 01\r", SITI[6]]]
    batch = import_file(kind="workers", path=csv_write(tmp_path, [HEADERS, *rows]), actor=None, dry_run=False)

    assert (batch.created_count, batch.rejected_count) == (1, 0)
    assert Worker.objects.values_list("name", "address").get() == ("Siti Aminah", "Dusun Krajan RT 02 RW 01")


def test_excel_s_escaped_control_characters_are_refused_naming_every_such_column_by_its_header(
    kendal: Region, admin: User, tmp_path: Path
) -> None:
    # Excel writes a control character in a cell as _xHHHH_, and reading gives the character back.
    bell = [SITI[0], "Siti_x0007_ Aminah", *SITI[2:5], "Dusun_x0000_ Krajan", SITI[6], "catatan_x001B_ lain"]
    path = write_xlsx(tmp_path / "pekerja.xlsx", [bell, [*BUDI, "ok"]], [*HEADERS, "Catatan Kantor"])

    batch = import_file(kind="workers", path=path, actor=admin, dry_run=True)

    # "Catatan Kantor" is no column of the worker import: what it holds is not read, so not refused.
    assert list(batch.rejected_rows.values_list("row_number", "reason")) == [
        (2, message("Nama Lengkap, Alamat Lengkap"))
    ]
    assert batch.created_count == 1
    sheet = load_workbook(io.BytesIO(rejected_rows_xlsx(spec_for("workers"), batch))).active
    assert sheet is not None
    header, row = list(sheet.iter_rows(values_only=True))
    assert header[-1] == "Keterangan"
    assert row[:8] == (SITI[0], "Siti Aminah", *SITI[2:5], "Dusun Krajan", SITI[6], "catatan lain")[:8]
    assert row[-1] == message("Nama Lengkap, Alamat Lengkap")


def test_a_control_character_is_refused_with_the_row_s_other_problems(kendal: Region, tmp_path: Path) -> None:
    rows = [[*SITI[:1], "Siti\x07 Aminah", "31/02/1985", *SITI[3:]]]
    batch = import_file(kind="workers", path=csv_write(tmp_path, [HEADERS, *rows]), actor=None, dry_run=True)

    reason = batch.rejected_rows.get().reason
    assert reason.startswith(message("Nama Lengkap") + " ")
    assert 'Tanggal lahir "31/02/1985" bukan tanggal' in reason
