"""The fields a BPJS registration file can carry, by key, and how each is read
from a worker and the sponsorship paying for them.

The keys are code (a fixed registry); which keys a file has, in what order and
under which header is data (`RegistrationTemplate.columns`), edited by an
administrator when a BPJS branch changes its form.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from peduli.core.months import YearMonth
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.workers.models import Worker

PROGRAMME_TEXT: dict[str, str] = {
    Sponsorship.Programme.JKK_JKM: "JKK+JKM",
    Sponsorship.Programme.JKK_JKM_JHT: "JKK+JKM+JHT",
}


@dataclass(frozen=True)
class RegistrationRow:
    """One worker of a batch as the file shows them: the worker and the
    sponsorship that pays (None when it has been removed since)."""

    worker: Worker
    sponsorship: Sponsorship | None


@dataclass(frozen=True)
class RegistrationField:
    key: str
    label: StrOrPromise
    read: Callable[[RegistrationRow], Any]
    text: bool = False  # an identity number or code: written as text so Excel keeps every digit


def _sponsorship(read: Callable[[Sponsorship], Any]) -> Callable[[RegistrationRow], Any]:
    return lambda row: read(row.sponsorship) if row.sponsorship is not None else ""


def _start_month(sponsorship: Sponsorship) -> str:
    month = YearMonth.of(sponsorship.start_month)
    return f"{month.month:02d}/{month.year}"


def _birth_date(row: RegistrationRow) -> date:
    return row.worker.birth_date


FIELDS: dict[str, RegistrationField] = {
    field.key: field
    for field in (
        RegistrationField("nik", _("NIK"), lambda row: row.worker.nik, text=True),
        RegistrationField("name", _("Nama lengkap"), lambda row: row.worker.name),
        RegistrationField("birth_place", _("Tempat lahir"), lambda row: row.worker.birth_place),
        RegistrationField("birth_date", _("Tanggal lahir"), _birth_date),
        RegistrationField("sex", _("Jenis kelamin (L/P)"), lambda row: row.worker.sex),
        RegistrationField("address", _("Alamat (dengan RT/RW)"), lambda row: row.worker.address_line),
        RegistrationField("rt", _("RT"), lambda row: row.worker.rt, text=True),
        RegistrationField("rw", _("RW"), lambda row: row.worker.rw, text=True),
        RegistrationField("village", _("Desa/kelurahan"), lambda row: row.worker.village.name),
        RegistrationField("village_code", _("Kode desa Kemendagri"), lambda row: row.worker.village_id, text=True),
        RegistrationField("district", _("Kecamatan"), lambda row: row.worker.district.name),
        RegistrationField("regency", _("Kabupaten/kota"), lambda row: row.worker.regency.name),
        RegistrationField("occupation", _("Pekerjaan"), lambda row: row.worker.occupation.name),
        RegistrationField("phone", _("Nomor HP"), lambda row: row.worker.phone, text=True),
        RegistrationField(
            "programme", _("Program (JKK+JKM atau JKK+JKM+JHT)"), _sponsorship(lambda s: PROGRAMME_TEXT[s.programme])
        ),
        RegistrationField(
            "declared_income", _("Penghasilan dilaporkan (Rp)"), _sponsorship(lambda s: s.declared_income)
        ),
        RegistrationField("start_month", _("Bulan mulai (BB/TTTT)"), _sponsorship(_start_month), text=True),
        RegistrationField("payer", _("Pembayar iuran (nama donatur)"), _sponsorship(lambda s: s.sponsor.name)),
        RegistrationField(
            "payer_kind",
            _("Jenis pembayar (ASN, CSR, APBD, …)"),
            _sponsorship(lambda s: Sponsor.Kind(s.sponsor.kind).label),
        ),
    )
}

# Version 1: the columns BPJS Ketenagakerjaan branches ask for in a bulk
# registration of non-wage (BPU) members paid by someone else.
DEFAULT_NAME = "Pendaftaran peserta BPU (bantuan iuran)"
DEFAULT_COLUMNS = [
    {"header": "NIK", "field": "nik"},
    {"header": "Nama Lengkap", "field": "name"},
    {"header": "Tempat Lahir", "field": "birth_place"},
    {"header": "Tanggal Lahir", "field": "birth_date"},
    {"header": "Jenis Kelamin", "field": "sex"},
    {"header": "Alamat", "field": "address"},
    {"header": "Desa/Kelurahan", "field": "village"},
    {"header": "Kecamatan", "field": "district"},
    {"header": "Pekerjaan", "field": "occupation"},
    {"header": "No. HP", "field": "phone"},
    {"header": "Program", "field": "programme"},
    {"header": "Penghasilan Dilaporkan", "field": "declared_income"},
    {"header": "Bulan Mulai", "field": "start_month"},
    {"header": "Pembayar Iuran", "field": "payer"},
]


def registration_template_ensure(model: Any) -> None:
    """Seed version 1 when there is no template yet (`model` may be a
    migration's historical model)."""
    if not model.objects.exists():
        model.objects.create(version=1, name=DEFAULT_NAME, columns=DEFAULT_COLUMNS, note="Versi awal")
