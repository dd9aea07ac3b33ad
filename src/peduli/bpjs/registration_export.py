"""The registration file of a batch, written with the batch's own template
version (a later edit of the layout does not change a file already sent)."""

from collections.abc import Iterator
from typing import Any

from peduli.bpjs.models import RegistrationBatch
from peduli.bpjs.registration_fields import FIELDS
from peduli.bpjs.registration_selectors import registration_rows
from peduli.core.xlsx import workbook_bytes

WIDTHS = {
    "nik": 20, "name": 30, "address": 40, "payer": 30, "village": 20, "district": 18, "occupation": 22, "phone": 16,
    "village_code": 16, "birth_date": 14,
}  # fmt: skip


def registration_batch_xlsx(batch: RegistrationBatch) -> bytes:
    columns = batch.template.columns
    headers = [column["header"] for column in columns]
    fields = [FIELDS[column["field"]] for column in columns]

    def rows() -> Iterator[list[Any]]:
        for row in registration_rows(batch):
            yield [field.read(row) for field in fields]

    return workbook_bytes(
        title=f"Pendaftaran BPJS {batch.pk}",
        headers=headers,
        rows=rows(),
        text_columns=[column["header"] for column, field in zip(columns, fields, strict=True) if field.text],
        widths={
            column["header"]: WIDTHS.get(column["field"], max(14, len(column["header"]) + 4)) for column in columns
        },
    )


def registration_batch_filename(batch: RegistrationBatch) -> str:
    return f"pendaftaran-bpjs-{batch.pk}-{batch.created_at:%Y%m%d}.xlsx"
