"""Template filters for the ways Peduli writes numbers, money, percentages
and months (`core.formatting`): `{{ n|number }}`, `{{ share|number:2 }}`,
`{{ amount|rupiah }}`, `{{ pct|percent }}`, `{{ month|month_label }}`,
`{{ wait|duration }}`."""

from datetime import date, timedelta

from django import template

from peduli.core import formatting
from peduli.core.months import YearMonth

register = template.Library()


@register.filter
def rupiah(amount: object) -> str:
    return formatting.rupiah(amount)


@register.filter
def number(value: object, decimals: int = 0) -> str:
    return formatting.number(value, int(decimals))


@register.filter
def percent(value: object, decimals: int = 2) -> str:
    return formatting.percent(value, int(decimals))


@register.filter
def month_label(value: date | YearMonth | None) -> str:
    """A stored month (first day) or a YearMonth as 'Juni 2025'."""
    if value is None:
        return "–"
    return (value if isinstance(value, YearMonth) else YearMonth.of(value)).label


@register.filter
def duration(length: timedelta | None) -> str:
    return formatting.duration(length) if length is not None else ""
