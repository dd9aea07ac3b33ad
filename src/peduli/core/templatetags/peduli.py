"""Template filters for the ways Peduli writes money and months."""

from datetime import date

from django import template

from peduli.core.money import rupiah as format_rupiah
from peduli.core.months import YearMonth

register = template.Library()


@register.filter
def rupiah(amount: int | None) -> str:
    return format_rupiah(amount)


@register.filter
def month_label(value: date | YearMonth | None) -> str:
    """A stored month (first day) or a YearMonth as 'Juni 2025'."""
    if value is None:
        return "–"
    return (value if isinstance(value, YearMonth) else YearMonth.of(value)).label
