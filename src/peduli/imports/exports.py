"""Files of the import engine: each kind's empty template and a batch's rejected rows."""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from peduli.core.formatting import number
from peduli.core.xlsx import Sheet, sheets_bytes, workbook_bytes
from peduli.imports.models import ImportBatch
from peduli.imports.spec import ImportSpec, WithReferenceSheets

NOTE_HEADER = "Keterangan"
TEMPLATE_BLANK_ROWS = 500


def template_xlsx(spec: ImportSpec, actor: Any) -> bytes:
    """The empty template: the template headers and blank rows whose text
    columns are formatted as text, so Excel never turns a NIK into a number;
    then the lists its columns take their values from, where the kind has them.
    No example row: one left in would be imported (examples are on the page)."""
    columns = spec.template_columns
    headers = [column.label for column in columns]
    rows: list[list[str]] = [[""] * len(headers)] * TEMPLATE_BLANK_ROWS
    template = Sheet(
        title=str(spec.label),
        headers=headers,
        rows=rows,
        # Every cell text: Excel then keeps NIKs, codes, phone numbers and
        # dd/mm/yyyy dates exactly as typed.
        text_columns=headers,
        widths={header: max(14, len(header) + 6) for header in headers} | {"Nama": 30, "Alamat": 36},
    )
    references = spec.reference_sheets(actor) if isinstance(spec, WithReferenceSheets) else ()
    return sheets_bytes([template, *references])


def rejected_rows_xlsx(spec: ImportSpec, batch: ImportBatch) -> bytes:
    """The rows a batch refused, as uploaded, plus a "Keterangan" column saying
    why. When more were refused than the engine keeps, the column's header
    says how many more there are (a header, not a row: a row would come back
    as one more refused row when the clerk uploads the fixed file)."""
    kept = batch.rejected_rows.count()
    more = batch.rejected_count - kept
    note = NOTE_HEADER
    if more > 0:
        note = _("%(note)s (%(kept)s baris ditolak pertama; dan %(more)s lainnya tidak disimpan)") % {
            "note": NOTE_HEADER,
            "kept": number(kept),
            "more": number(more),
        }
    headers = [*batch.headers, note]

    def rows() -> Iterator[list[Any]]:
        for row in batch.rejected_rows.order_by("row_number").iterator(chunk_size=5000):
            yield [*row.values, row.reason]

    return workbook_bytes(
        title="Baris ditolak",
        headers=headers,
        rows=rows(),
        text_columns=batch.headers,
        note_column=note,
        widths={note: 70, "Nama": 30},
    )
