"""What every API view module shares: the caller as a User, months as
"YYYY-MM", dates within the range Peduli takes. (Reads of personal data are
logged for every view by `core.personal_data`.)"""

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from peduli.accounts.models import User
from peduli.core.dates import validate_programme_date
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.core.parsing import parse_date_cell


def acting_user(request: Request) -> User:
    """The caller as a User (IsAuthenticated is the default permission)."""
    user = request.user
    assert isinstance(user, User)
    return user


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2025-06"})
class MonthField(serializers.Field):
    """A month as "YYYY-MM" both ways; the database stores its first day."""

    def to_representation(self, value: date | YearMonth) -> str:
        return str(value if isinstance(value, YearMonth) else YearMonth.of(value))

    def to_internal_value(self, data: Any) -> YearMonth:
        try:
            return YearMonth.parse(str(data))
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from error


class DateField(serializers.DateField):
    """A date sent as YYYY-MM-DD or in any other of the formats an import
    takes (`core.parsing.DATE_FORMATS`), within the dates Peduli takes."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(validate_programme_date)

    def to_internal_value(self, value: Any) -> date:
        if isinstance(value, date) or not isinstance(value, str):
            return super().to_internal_value(value)
        try:
            day = parse_date_cell(value, field="date", label=_("Tanggal"))
        except ApplicationError as error:
            raise serializers.ValidationError(error.message, code="invalid") from error
        if day is None:
            self.fail("invalid", format="YYYY-MM-DD")
        assert day is not None
        return day
