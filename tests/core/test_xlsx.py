"""The one xlsx writer: sheet titles and cells become what the format can hold."""

import io
from datetime import date

from openpyxl import load_workbook

from peduli.core.xlsx import sheet_title, workbook_bytes


def test_sheet_titles_lose_the_characters_excel_refuses_and_keep_31_characters() -> None:
    assert sheet_title("Klaim BPJS (JKK/JKM)") == "Klaim BPJS (JKK-JKM)"
    assert sheet_title("a\\b*c?d:e[f]g") == "a-b-c-d-e-f-g"
    assert sheet_title("'Rekap'") == "Rekap"
    assert sheet_title("Daftar Peserta BPU BPJS Ketenagakerjaan") == "Daftar Peserta BPU BPJS Ketenag"
    assert sheet_title("::") == "--"
    assert sheet_title("''") == "Data"
    assert sheet_title("Kla\x00im") == "Klaim"


def test_cells_and_headers_lose_control_characters_but_keep_tabs_and_line_breaks() -> None:
    content = workbook_bytes(
        title="Uji/coba",
        headers=["NIK", "Na\x00ma"],
        rows=[["3324\x0701", "Baris\x1bsatu\nbaris\tdua"], [None, date(2025, 6, 1)]],
        text_columns=["NIK"],
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    assert sheet.title == "Uji-coba"
    assert [[cell.value for cell in row] for row in sheet.iter_rows()][:2] == [
        ["NIK", "Nama"],
        ["332401", "Barissatu\nbaris\tdua"],
    ]


def test_text_a_spreadsheet_would_read_as_a_formula_is_written_as_plain_text() -> None:
    hostile = ['=HYPERLINK("http://contoh.invalid","klik")', "+62-812", "-1+1", "@SUM(A1)", "\tTab", "\rCR"]
    content = workbook_bytes(
        title="Uji",
        headers=["Nama", "NIK", "=Kolom"],
        rows=[[value, value, 7] for value in hostile],
        text_columns=["NIK"],
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    header, *rows = list(sheet.iter_rows())
    assert (header[2].value, header[2].data_type, header[2].quotePrefix) == ("=Kolom", "s", True)
    for value, (name, nik, number) in zip(hostile, rows, strict=True):
        # Written through lxml, a carriage return is escaped (&#13;) and read back as itself.
        assert (name.value, name.data_type, name.quotePrefix) == (value, "s", True)
        assert (nik.value, nik.data_type, nik.quotePrefix) == (value, "s", True)
        assert (number.value, number.data_type) == (7, "n")
    plain = workbook_bytes(title="Uji", headers=["Nama"], rows=[["Darsih Aminah"]])
    ordinary = load_workbook(io.BytesIO(plain)).active
    assert ordinary is not None and not ordinary["A2"].quotePrefix
