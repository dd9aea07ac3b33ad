"""What every `peduli` command shares: a service's refusal ends the command
with its message instead of a traceback."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.management.base import CommandError

from peduli.core.errors import ApplicationError

T = TypeVar("T")


def call_service(function: Callable[..., T], **kwargs: Any) -> T:
    try:
        return function(**kwargs)
    except ApplicationError as error:
        raise CommandError(error.message) from error
