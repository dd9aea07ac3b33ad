"""The one xlsx writer: sheet titles and cells become what the format can hold."""

from peduli.core.xlsx import sheet_title


def test_sheet_titles_lose_the_characters_excel_refuses_and_keep_31_characters() -> None:
    assert sheet_title("Klaim BPJS (JKK/JKM)") == "Klaim BPJS (JKK-JKM)"
    assert sheet_title("a\\b*c?d:e[f]g") == "a-b-c-d-e-f-g"
    assert sheet_title("'Rekap'") == "Rekap"
    assert sheet_title("Daftar Peserta BPU BPJS Ketenagakerjaan") == "Daftar Peserta BPU BPJS Ketenag"
    assert sheet_title("::") == "--"
    assert sheet_title("''") == "Data"
