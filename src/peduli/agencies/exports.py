"""The roster as xlsx. The export's columns are the import template's (see
`agencies.importing`), so an exported file can be edited and imported back."""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from peduli.agencies.importing import TEMPLATE_HEADERS
from peduli.agencies.models import CivilServant
from peduli.core.xlsx import workbook_bytes

EXPORT_HEADERS = [*TEMPLATE_HEADERS, "Nama OPD", "Status", "TMT Berhenti", "Alasan Berhenti"]
TEXT_HEADERS = ("NIP", "No HP", "Kode Desa")
WIDTHS = {"NIP": 22, "Nama": 32, "Nama OPD": 40, "Jabatan": 30, "Unit Kerja": 28, "Email": 30}


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
            person.email,
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
