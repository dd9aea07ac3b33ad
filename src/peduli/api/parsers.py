"""The API's request parsers: DRF's JSON, form and multipart parsers, which
read JSON through `core.uploads.json_loads` (nested too deep is a 400 in
Indonesian, not a RecursionError) and refuse a text value holding a control
character with a 400 naming the field (`core.control_characters`), so no
endpoint can forget to; and a JSON-in-a-form field with the same depth check."""

from collections.abc import Mapping
from typing import Any

from django.http import QueryDict
from rest_framework import parsers, serializers
from rest_framework.exceptions import ParseError

from peduli.core.control_characters import CONTROL_CHARACTERS_MESSAGE, has_control_characters
from peduli.core.uploads import JSONRefused, json_loads


def _refuse_control_characters(data: Any, path: str = "") -> None:
    if isinstance(data, str):
        if has_control_characters(data):
            raise serializers.ValidationError({path or "non_field_errors": [str(CONTROL_CHARACTERS_MESSAGE)]})
    elif isinstance(data, QueryDict):
        for key, values in data.lists():
            for value in values:
                _refuse_control_characters(value, key)
    elif isinstance(data, Mapping):
        for key, value in data.items():
            _refuse_control_characters(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _refuse_control_characters(value, f"{path}[{index}]" if path else str(index))


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        # The body was capped before it was read (core.uploads.UploadLimitMiddleware).
        try:
            data = json_loads(stream.read() if stream is not None else b"")
        except JSONRefused as error:
            raise ParseError(error.message) from None
        _refuse_control_characters(data)
        return data


class _TextChecked(parsers.BaseParser):
    """A form body's text fields checked after DRF parsed them (of a
    multipart body, the fields beside the files: a file is its import's to check)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        _refuse_control_characters(getattr(parsed, "data", parsed))
        return parsed


class FormParser(_TextChecked, parsers.FormParser):
    pass


class MultiPartParser(_TextChecked, parsers.MultiPartParser):
    pass


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
