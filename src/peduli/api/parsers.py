"""The API's request parsers: DRF's JSON, form and multipart parsers, which
refuse a text value holding a control character with a 400 naming the field
(`core.control_characters`), so no endpoint can forget to."""

from collections.abc import Mapping
from typing import Any

from django.http import QueryDict
from rest_framework import parsers, serializers

from peduli.core.control_characters import CONTROL_CHARACTERS_MESSAGE, has_control_characters


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
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        _refuse_control_characters(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        _refuse_control_characters(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    """The text fields beside an upload; the file itself is the import's to check."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        _refuse_control_characters(parsed.data)
        return parsed
