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

from peduli.accounts.models import ActivationCode, User
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


def _slip(code: ActivationCode) -> Slip:
    person = code.user.civil_servant
    return Slip(nip=code.user.username, name=person.name if person else code.user.get_full_name(),
                unit=person.unit if person else "", code=code.code, expires_at=code.expires_at)  # fmt: skip


def slips_of(agency: Agency | None, part: int | None = None) -> list[Slip]:
    codes = waiting_codes(agency)
    if part is not None:
        codes = codes[(part - 1) * SLIPS_PER_FILE : part * SLIPS_PER_FILE]
    return [_slip(code) for code in codes]


def valid_code(user: User) -> ActivationCode | None:
    """The user's code that still works: a first activation, or a new
    password given through their agency (issue 15 point 3)."""
    return (
        ActivationCode.objects.filter(user=user, expires_at__gt=timezone.now())
        .select_related("user__civil_servant")
        .first()
    )


def grouped_nip(nip: str) -> str:
    """An NIP as it is printed on a civil servant's card: 8 6 1 3."""
    return f"{nip[:8]} {nip[8:14]} {nip[14:15]} {nip[15:]}" if len(nip) == 18 else nip


def slips_pdf(*, agency: Agency | None, activation_url: str, part: int = 1) -> bytes:
    parts = len(slip_parts(agency))
    return _pdf(slips_of(agency, part), agency=agency, activation_url=activation_url, part=part, parts=parts)


def slip_pdf(*, user: User, activation_url: str) -> bytes:
    """One person's slip, for a code given again (lost slip, new password)."""
    code = valid_code(user)
    person = user.civil_servant
    return _pdf([_slip(code)] if code else [], agency=person.agency if person else None,
                activation_url=activation_url, part=1, parts=1)  # fmt: skip


def _pdf(slips: list[Slip], *, agency: Agency | None, activation_url: str, part: int, parts: int) -> bytes:
    # One small PNG, the same on every slip (lighter to lay out than an SVG each).
    qr = segno.make(activation_url, error="m").png_data_uri(scale=6, border=1)
    laid_out = [(slip, grouped_nip(slip.nip)) for slip in slips]
    rows = [laid_out[start : start + 2] for start in range(0, len(laid_out), 2)]  # two slips across the page
    context = {"agency": agency, "count": len(slips), "rows": rows, "qr": qr, "activation_url": activation_url,
               "part": part, "parts": parts}  # fmt: skip
    return pdf_bytes("users/pdf/slips.html", context)


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
