"""Every request body is capped before anything parses it, on pages and the
API alike, and JSON is read with a depth limit (core.uploads, ADR 0015)."""

import io
import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from pytest_django.fixtures import Settings

from peduli.accounts.models import User
from peduli.core.errors import ApplicationError
from peduli.core.uploads import JSON_MAX_DEPTH, LimitedUploadHandler, UploadTooLarge, json_loads
from peduli.imports.models import ImportBatch
from peduli.regions.models import Region
from tests.support.clients import api_for, client_for, post_multipart

LIMIT = 64 * 1024


def big_file(name: str = "pekerja.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"x" * (LIMIT + 1))


def test_a_page_upload_over_the_limit_is_refused_unread_naming_the_limit(
    kendal: Region, admin: User, settings: Settings
) -> None:
    settings.PEDULI_UPLOAD_MAX_BYTES = LIMIT

    response, body = post_multipart(client_for(admin), "/pekerja/impor/", {"file": big_file()})

    assert response.status_code == 413
    assert "lebih besar dari batas 64 KB" in response.content.decode()
    assert body.bytes_read == 0
    assert not ImportBatch.objects.exists()


def test_an_api_upload_over_the_limit_is_refused_unread_naming_the_limit(
    kendal: Region, admin: User, settings: Settings
) -> None:
    settings.PEDULI_UPLOAD_MAX_BYTES = LIMIT

    response, body = post_multipart(api_for(admin), "/api/v1/imports/", {"kind": "workers", "file": big_file()})

    assert response.status_code == 413
    assert "lebih besar dari batas 64 KB" in response.json()["detail"]
    assert body.bytes_read == 0
    assert not ImportBatch.objects.exists()


def test_a_body_whose_declared_length_understates_it_is_stopped_while_it_streams(settings: Settings) -> None:
    settings.PEDULI_UPLOAD_MAX_BYTES = LIMIT
    data = encode_multipart(BOUNDARY, {"file": big_file()})
    meta = {"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": "100"}  # what a lying client declares
    parser = MultiPartParser(meta, io.BytesIO(data), [LimitedUploadHandler()], "utf-8")

    with pytest.raises(UploadTooLarge, match="64 KB"):
        parser.parse()


def test_json_nested_past_the_limit_is_refused_quickly_and_shallow_json_is_read() -> None:
    deep = b"[" * 200_000 + b"]" * 200_000
    started = time.monotonic()
    with pytest.raises(ApplicationError, match=f"lebih dari {JSON_MAX_DEPTH} tingkat"):
        json_loads(deep)
    assert time.monotonic() - started < 2
    just = b"[" * JSON_MAX_DEPTH + b"]" * JSON_MAX_DEPTH
    assert json_loads(just) is not None
    # Brackets inside strings are text, not nesting.
    assert json_loads(json.dumps({"a": "[" * 1000}).encode()) == {"a": "[" * 1000}


def test_unreadable_json_is_refused_in_indonesian_whatever_its_brackets() -> None:
    for text in (b"{", b"[" * 100, b'{"a": "\\', b"\xff\xfe"):
        with pytest.raises(ApplicationError, match="JSON tidak terbaca"):
            json_loads(text)
    # An unclosed string of escapes is counted in one pass, not one per quote.
    started = time.monotonic()
    with pytest.raises(ApplicationError):
        json_loads(b'"' + b'\\"' * 1_000_000 + b"\\")
    assert time.monotonic() - started < 2


def test_json_nested_too_deep_in_an_api_form_field_is_a_400(kendal: Region, admin: User) -> None:
    upload = SimpleUploadedFile("pekerja.csv", b"NIK,Nama\n")
    deep = "[" * 200_000 + "]" * 200_000
    response = api_for(admin).post(
        "/api/v1/imports/", {"kind": "workers", "file": upload, "mapping": deep}, format="multipart"
    )
    assert response.status_code == 400
    assert "lebih dari 32 tingkat" in json.dumps(response.json())
    assert not ImportBatch.objects.exists()
