"""The one way Peduli writes numbers, money and percentages: Indonesian
style whatever the language of the page (16.800, Rp 16.800, 51,64%), in
pages (the `peduli` template filters), PDFs, chart labels, messages and
commands. Money is integer rupiah everywhere; this only writes it. A value
not known yet is written "–"."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import ngettext

UNKNOWN = "–"
Number = int | float | Decimal | str


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def number(value: object, decimals: int = 0) -> str:
    """1234567 → '1.234.567'; number(51.6448, 2) → '51,64' (rounded half up);
    a value that is no number is written as it is, None as '–'."""
    amount = _decimal(value)
    if amount is None:
        return UNKNOWN if value is None or value == "" else str(value)
    rounded = amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0,00"
    return f"{rounded:,.{decimals}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def rupiah(amount: object) -> str:
    """16800 → 'Rp 16.800'; -5000 → '-Rp 5.000'."""
    value = _decimal(amount)
    if value is None:
        return UNKNOWN
    sign = "-" if value < 0 else ""
    return f"{sign}Rp {number(abs(int(value)))}"


def percent(value: object, decimals: int = 2) -> str:
    """51.64 → '51,64%' (the value is already a percentage)."""
    text = number(value, decimals)
    return f"{text}%" if _decimal(value) is not None else text


def rupiah_short(amount: float) -> str:
    """A chart axis's rupiah: 'Rp 1,5 M' (milyar), 'Rp 15 jt' (juta), 'Rp 500.000'."""
    if abs(amount) >= 1e9:
        return f"Rp {number(amount / 1e9, 1)} M"
    if abs(amount) >= 1e6:
        return f"Rp {number(amount / 1e6)} jt"
    return f"Rp {number(amount)}"


def byte_size(value: int) -> str:
    """A size as limits are told: 20971520 → '20 MB', 1610612736 → '1,5 GB', 65536 → '64 KB'."""
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if value >= scale:
            amount = value / scale
            return f"{number(amount, 0 if amount.is_integer() else 1)} {unit}"
    return f"{number(value)} byte"


def duration(length: timedelta) -> str:
    """A waiting time as people say it: "15 menit", "2 jam", "1 jam 30 menit"."""
    minutes = max(round(length.total_seconds() / 60), 1)
    hours, rest = divmod(minutes, 60)
    parts = [ngettext("%(n)s jam", "%(n)s jam", hours) % {"n": hours}] * bool(hours) + [
        ngettext("%(n)s menit", "%(n)s menit", rest) % {"n": rest}
    ] * bool(rest)
    return " ".join(parts)
