"""Every file Peduli writes for a reader goes through the one writer
(`core.xlsx`, `core.csv_files`, by the cell rule of `core.cells`): no other
module writes a csv row or an xlsx cell value itself (issue 14)."""

import re
from pathlib import Path

from peduli.core.csv_files import csv_bytes

SOURCE = Path(__file__).resolve().parents[2] / "src" / "peduli"
WRITERS = {SOURCE / "core" / "xlsx.py", SOURCE / "core" / "csv_files.py"}
WRITING = re.compile(r"csv\.writer\(|csv\.DictWriter\(|\.cell\([^)]*value=|WriteOnlyCell\(")
HOSTILE = ['=HYPERLINK("http://x","klik")', "+62812", "-1+1", "@SUM(A1)", "\tisi", "\risi", "Budi\x07Santoso\x00"]


def test_no_module_but_the_writers_writes_cells() -> None:
    writing = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in SOURCE.rglob("*.py")
        if path not in WRITERS
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if WRITING.search(line)
    ]
    assert writing == []


def test_the_csv_writer_leads_formula_text_with_an_apostrophe_and_drops_control_characters() -> None:
    content = csv_bytes(headers=["Nama", "Jumlah"], rows=[[text, -5] for text in HOSTILE])

    lines = content.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Nama,Jumlah"
    assert lines[1:5] == ['"\'=HYPERLINK(""http://x"",""klik"")",-5', "'+62812,-5", "'-1+1,-5", "'@SUM(A1),-5"]
    assert lines[-2] == "BudiSantoso,-5"  # a negative number is a number, not text
