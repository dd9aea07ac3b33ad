"""Activation slips: one per civil servant waiting to activate, to be cut
out and handed over by their agency (ADR 0019) — as a PDF of ten slips a
page with cut lines and a QR code to the activation page, and as xlsx for
an agency that sends the codes its own way."""

from dataclasses import dataclass
from datetime import datetime

import segno
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import QuerySet
from django.utils import timezone

from peduli.accounts.models import ActivationCode
from peduli.agencies.models import Agency
from peduli.core.pdf import pdf_bytes
from peduli.core.xlsx import workbook_bytes


@dataclass(frozen=True)
class Slip:
    nip: str
    name: str
    unit: str
    code: str
    expires_at: datetime


def waiting_codes(agency: Agency | None) -> QuerySet[ActivationCode]:
    """The valid codes of accounts not activated yet, of `agency` (or all)."""
    codes = ActivationCode.objects.filter(
        expires_at__gt=timezone.now(), user__password__startswith=UNUSABLE_PASSWORD_PREFIX
    ).select_related("user__civil_servant")
    if agency is not None:
        codes = codes.filter(user__civil_servant__agency=agency)
    return codes.order_by("user__civil_servant__unit", "user__civil_servant__name")


# Slips a PDF holds: WeasyPrint lays out about 25 a second, so an agency of
# 5,000 is printed in parts of 50 pages (bench/onboarding.py).
SLIPS_PER_FILE = 400


def slip_parts(agency: Agency | None) -> list[tuple[int, int, int]]:
    """(part, first, last) of the PDFs the waiting slips make, counted from 1."""
    total = waiting_codes(agency).count()
    return [(n + 1, start + 1, min(start + SLIPS_PER_FILE, total)) for n, start in
            enumerate(range(0, total, SLIPS_PER_FILE))]  # fmt: skip


def slips_of(agency: Agency | None, part: int | None = None) -> list[Slip]:
    codes = waiting_codes(agency)
    if part is not None:
        codes = codes[(part - 1) * SLIPS_PER_FILE : part * SLIPS_PER_FILE]
    return [
        Slip(nip=c.user.username, name=c.user.civil_servant.name if c.user.civil_servant else c.user.get_full_name(),
             unit=c.user.civil_servant.unit if c.user.civil_servant else "", code=c.code, expires_at=c.expires_at)
        for c in codes
    ]  # fmt: skip


def grouped_nip(nip: str) -> str:
    """An NIP as it is printed on a civil servant's card: 8 6 1 3."""
    return f"{nip[:8]} {nip[8:14]} {nip[14:15]} {nip[15:]}" if len(nip) == 18 else nip


def slips_pdf(*, agency: Agency | None, activation_url: str, part: int = 1) -> bytes:
    # One small PNG, the same on every slip (lighter to lay out than an SVG each).
    qr = segno.make(activation_url, error="m").png_data_uri(scale=6, border=1)
    slips = [(slip, grouped_nip(slip.nip)) for slip in slips_of(agency, part)]
    rows = [slips[start : start + 2] for start in range(0, len(slips), 2)]  # two slips across the page
    return pdf_bytes(
        "users/pdf/slips.html",
        {
            "agency": agency,
            "count": len(slips),
            "rows": rows,
            "qr": qr,
            "activation_url": activation_url,
            "part": part,
            "parts": len(slip_parts(agency)),
        },
    )


HEADERS = ["NIP", "Nama", "Unit kerja", "Kode aktivasi", "Berlaku sampai"]


def slips_xlsx(*, agency: Agency | None) -> bytes:
    rows = [
        [slip.nip, slip.name, slip.unit, slip.code, timezone.localtime(slip.expires_at).date()]
        for slip in slips_of(agency)
    ]
    return workbook_bytes(
        title="Kode aktivasi", headers=HEADERS, rows=rows, text_columns=["NIP", "Kode aktivasi"],
        widths={"NIP": 22, "Nama": 32, "Unit kerja": 28, "Kode aktivasi": 16, "Berlaku sampai": 16},
    )  # fmt: skip
