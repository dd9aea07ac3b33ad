"""Reading back the xlsx files Peduli writes, as a user's Excel would."""

import io

from openpyxl import load_workbook


def xlsx_rows(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True) if any(cell not in (None, "") for cell in row)]


def xlsx_column(content: bytes, header: str) -> list[object]:
    rows = xlsx_rows(content)
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]
