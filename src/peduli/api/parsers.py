"""The API's JSON parser and JSON-in-a-form field: DRF's, reading through
`core.uploads.json_loads`, so JSON nested too deep is a 400 in Indonesian,
not a RecursionError (500)."""

from collections.abc import Mapping
from typing import Any

from rest_framework import parsers, serializers
from rest_framework.exceptions import ParseError

from peduli.core.uploads import JSONRefused, json_loads


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        # The body was capped before it was read (core.uploads.UploadLimitMiddleware).
        try:
            return json_loads(stream.read() if stream is not None else b"")
        except JSONRefused as error:
            raise ParseError(error.message) from None


class JSONTextField(serializers.JSONField):
    """A form field holding JSON text (`binary=True`), read with the depth check."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(binary=True, **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bytes | str):
            try:
                return json_loads(data)
            except JSONRefused as error:
                raise serializers.ValidationError(error.message) from None
        return super().to_internal_value(data)
