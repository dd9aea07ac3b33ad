"""What every `peduli` command shares: a service's refusal ends the command
with its message instead of a traceback; months and days typed the way
offices write them."""

from argparse import ArgumentTypeError
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.core.management.base import CommandError

from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.core.parsing import parse_date_cell

T = TypeVar("T")


def call_service(function: Callable[..., T], **kwargs: Any) -> T:
    try:
        return function(**kwargs)
    except ApplicationError as error:
        raise CommandError(error.message) from error


def month_argument(text: str) -> YearMonth:
    """An argparse type: YYYY-MM."""
    try:
        return YearMonth.parse(text)
    except ValueError as error:
        raise ArgumentTypeError(str(error)) from error


def date_argument(text: str) -> date:
    """An argparse type: DD/MM/YYYY or YYYY-MM-DD."""
    try:
        parsed = parse_date_cell(text, field="date", label="Tanggal")
    except ApplicationError as error:
        raise ArgumentTypeError(error.message) from error
    if parsed is None:
        raise ArgumentTypeError("Isi tanggal, misalnya 17/08/2025.")
    return parsed
