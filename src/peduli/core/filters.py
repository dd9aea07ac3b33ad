"""Filters every filter set shares."""

from django import forms
from django_filters import NumberFilter

# The largest id a 64-bit primary key holds, on PostgreSQL and SQLite alike.
MAX_ID = 2**63 - 1


class IdFilter(NumberFilter):
    """A filter by a row's id: a whole number from 1 to the largest 64-bit id,
    so a number past 64 bits is refused (400) instead of reaching the database."""

    field_class = forms.IntegerField

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
