"""The month a page is asked for in its query string (?bulan=YYYY-MM)."""

from collections.abc import Sequence

from django.contrib import messages
from django.http import HttpRequest

from peduli.core.months import YearMonth


def month_asked(
    request: HttpRequest,
    *,
    names: Sequence[str] = ("bulan",),
    earliest: YearMonth | None = None,
    latest: YearMonth | None = None,
) -> YearMonth:
    """The month in the first of the query parameters `names` given, the
    current month when none is; an unreadable one is told in Indonesian and
    replaced by the current month. Kept within `earliest`..`latest`."""
    text = next((request.GET[name] for name in names if request.GET.get(name)), "")
    try:
        month = YearMonth.parse(text) if text else YearMonth.current()
    except ValueError as error:
        messages.error(request, str(error))
        return YearMonth.current()
    if earliest is not None:
        month = max(month, earliest)
    if latest is not None:
        month = min(month, latest)
    return month
