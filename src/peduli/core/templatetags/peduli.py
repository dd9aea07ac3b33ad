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
def cells(values: object, separator: str = " · ") -> str:
    """A row's cells as one line — an empty cell as "–", never "None"."""
    if not isinstance(values, list | tuple):
        return formatting.UNKNOWN if values in (None, "") else str(values)
    return separator.join(formatting.UNKNOWN if value in (None, "") else str(value) for value in values)


@register.filter
def duration(length: timedelta | None) -> str:
    return formatting.duration(length) if length is not None else ""


@register.inclusion_tag("core/partials/month_select.html")
def month_select(
    name: str, value: object, first: object = None, last: object = None, element_id: str = ""
) -> dict[str, object]:
    """A month picker the server writes, in Indonesian whatever the browser's
    language (a browser's own month input is in its language, or missing):
    `{% month_select "bulan" month first_month last_month %}`, newest first,
    five years back and one ahead unless bounded; the value stays YYYY-MM."""
    chosen = _month(value) or YearMonth.current()
    newest = _month(last) or YearMonth.current() + 12
    oldest = _month(first) or chosen - 60
    months = sorted({*(newest - n for n in range(max(oldest.months_until(newest), 0) + 1)), chosen}, reverse=True)
    return {"name": name, "id": element_id or name, "chosen": str(chosen), "months": months}


def _month(value: object) -> YearMonth | None:
    if isinstance(value, YearMonth):
        return value
    if isinstance(value, date):
        return YearMonth.of(value)
    try:
        return YearMonth.parse(str(value)) if value else None
    except ValueError:
        return None
