"""The one range of dates Peduli takes, whoever types them.

A birth date goes back to 1900; the programme's horizon (the RPJPD target)
is 2045, and a reference date for a question about the future ("who turns
65 by 2050") may lie beyond it — nothing lies past 2100. A date outside is a
typing slip (3264 for 2026) or a probe, and is refused with the same
Indonesian message on a page, through the API, at the command line and in an
imported file, before any month arithmetic sees it. Whether a date may lie
in the future at all is each service's own rule (a payment may not).
"""

from datetime import date

import polars as pl
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


def outside_message(day: date, label: str = "") -> str | None:
    """Why `day` (the value of the field called `label`) is refused, or None
    when Peduli takes it."""
    if EARLIEST <= day <= LATEST:
        return None
    return _("%(label)s %(day)s di luar rentang tanggal yang diterima Peduli (%(first)s sampai %(last)s).") % {
        "label": label or _("Tanggal"),
        "day": day.strftime("%d/%m/%Y"),
        "first": date_format(EARLIEST, "j F Y"),
        "last": date_format(LATEST, "j F Y"),
    }


def validate_programme_date(day: date | None) -> None:
    """A form and serializer validator: ValidationError for a date outside the range."""
    message = outside_message(day) if isinstance(day, date) else None
    if message:
        raise ValidationError(message, code="date_out_of_range")


def within_programme_dates(day: pl.Expr) -> pl.Expr:
    """The rule over an imported column of dates: a date outside the range
    becomes null, which every import refuses as not a date. `day` is
    computed once (written twice in one expression, an eager frame would
    compute it twice)."""
    return day.map_batches(_within, return_dtype=pl.Date, is_elementwise=True)


def _within(days: pl.Series) -> pl.Series:
    day = pl.col("day")
    kept = days.to_frame("day").select(pl.when(day.is_between(pl.lit(EARLIEST), pl.lit(LATEST))).then(day))
    return kept.to_series().alias(days.name)
