"""Django's test client and DRF's API client, logged in as a user; a
request body that counts what the server read of it."""

import io
from typing import Any

from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from rest_framework.test import APIClient

from peduli.accounts.models import User


def client_for(user: User) -> Client:
    """A browser-like client with `user`'s session (pages, htmx, downloads)."""
    client = Client()
    client.force_login(user)
    return client


def api_for(user: User) -> APIClient:
    """An API client authenticated as `user` (what a token would give)."""
    client = APIClient()
    client.force_authenticate(user)
    return client


class CountedBody(io.BytesIO):
    """A request body (the WSGI input stream) that counts the bytes read from it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.bytes_read += len(line)
        return line


def post_multipart(client: Client, path: str, data: dict[str, Any]) -> tuple[Any, CountedBody]:
    """POST `data` as a multipart form (files as SimpleUploadedFile) and
    return the test client's response and the body, which says how much the
    server read of it."""
    body = CountedBody(encode_multipart(BOUNDARY, data))
    environ: dict[str, Any] = {"wsgi.input": body}
    response = client.generic("POST", path, body.getvalue(), content_type=MULTIPART_CONTENT, **environ)
    return response, body
