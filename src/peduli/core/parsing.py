"""Turning the cells people type into values, with Indonesian messages."""

from datetime import date, datetime

from django.utils.translation import gettext as _

from peduli.core.dates import outside_message
from peduli.core.errors import ApplicationError
from peduli.core.identity import FEMALE, MALE

DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y")
SEX_WORDS = {
    "l": MALE, "lk": MALE, "laki": MALE, "lakilaki": MALE, "pria": MALE, "1": MALE, "m": MALE,
    "p": FEMALE, "pr": FEMALE, "perempuan": FEMALE, "wanita": FEMALE, "2": FEMALE, "f": FEMALE, "w": FEMALE,
}  # fmt: skip


def parse_date_cell(value: object, *, field: str, label: str) -> date | None:
    """A date from a date cell or from dd/mm/yyyy or yyyy-mm-dd text, within
    the dates Peduli takes (core.dates); None if empty."""
    if value in (None, ""):
        return None
    day = _date_of(value)
    if day is None:
        raise ApplicationError(
            _('%(label)s "%(value)s" bukan tanggal; tulis dd/mm/yyyy, misalnya 17/08/1985.')
            % {"label": label, "value": str(value).strip()},
            field=field,
        )
    message = outside_message(day, label)
    if message:
        raise ApplicationError(message, field=field)
    return day


def _date_of(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_sex_cell(value: object) -> str | None:
    """L or P from the many ways a sex is written; None if empty."""
    text = "".join(ch for ch in str(value or "").lower() if ch.isalnum())
    if not text:
        return None
    if text not in SEX_WORDS:
        raise ApplicationError(
            _('Jenis kelamin "%(value)s" tidak dikenal; tulis L atau P.') % {"value": value}, field="sex"
        )
    return SEX_WORDS[text]


def region_code_from_cell(value: object) -> str:
    """A Kemendagri code with its dots, from "33.24.01.2001" or "3324012001"."""
    text = str(value or "").strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    if "." in text or not digits:
        return text
    cuts = [(0, 2), (2, 4), (4, 6), (6, 10)]
    return ".".join(digits[a:b] for a, b in cuts if len(digits) > a)
