"""The roster as xlsx: the export, the empty import template and the rejected
rows of an import. The export's columns are the template's, so an exported
file can be edited and imported back."""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from peduli.agencies.models import CivilServant, RosterImport
from peduli.agencies.roster_import import NOTE_HEADER, TEMPLATE_HEADERS
from peduli.core.xlsx import workbook_bytes

EXPORT_HEADERS = [*TEMPLATE_HEADERS, "Nama OPD", "Status", "TMT Berhenti", "Alasan Berhenti"]
TEXT_HEADERS = ("NIP", "No HP", "Kode Desa")
WIDTHS = {"NIP": 22, "Nama": 32, "Nama OPD": 40, "Jabatan": 30, "Unit Kerja": 28}
TEMPLATE_BLANK_ROWS = 500


def _export_rows(people: QuerySet[CivilServant]) -> Iterator[list[Any]]:
    today = timezone.localdate()
    for person in people.select_related("agency", "home_village").iterator(chunk_size=2000):
        yield [
            person.nip,
            person.name,
            person.sex,
            person.birth_date,
            person.employment_type,
            person.agency.code,
            person.unit,
            person.rank,
            person.position,
            person.phone,
            person.home_village_id or "",
            person.service_start,
            person.agency.name,
            "Aktif" if person.is_active_on(today) else "Tidak aktif",
            person.service_end,
            person.get_end_reason_display(),
        ]


def civil_servants_xlsx(people: QuerySet[CivilServant]) -> bytes:
    """The given (already scoped) civil servants as an xlsx workbook."""
    return workbook_bytes(
        title="Data ASN", headers=EXPORT_HEADERS, rows=_export_rows(people), text_columns=TEXT_HEADERS, widths=WIDTHS
    )


def roster_template_xlsx() -> bytes:
    """The empty import template, its identity columns already formatted as text."""
    blank = [[""] * len(TEMPLATE_HEADERS)] * TEMPLATE_BLANK_ROWS
    return workbook_bytes(
        title="Data ASN", headers=TEMPLATE_HEADERS, rows=blank, text_columns=TEXT_HEADERS, widths=WIDTHS
    )


def rejected_rows_xlsx(roster_import: RosterImport) -> bytes:
    """The rows an import refused, as uploaded, plus a column saying why."""
    headers = [*roster_import.headers, NOTE_HEADER]
    rows = ([*row["values"], row["reason"]] for row in roster_import.rejected_rows)
    return workbook_bytes(
        title="Baris ditolak",
        headers=headers,
        rows=rows,
        text_columns=TEXT_HEADERS,
        note_column=NOTE_HEADER,
        widths={**WIDTHS, NOTE_HEADER: 60},
    )
