"""Walking the site as a person would: from some pages, follow every link
(href and hx-get) and, on the API, the ids a list shows, one URL of each
route. Used by the walks over the demo (tests/demo/loaded)."""

import io
import re
import subprocess
import zipfile
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

HREF = re.compile(r'(?:href|hx-get)="(/[^"#]*)"')
# Not walked: files, Django's admin, logging out (the walk would end), and the
# API's docs and schema (slow to build, and no personal data).
NOT_WALKED = ("/static/", "/django-admin/", "/akun/keluar/", "/api/docs/", "/api/schema/")


def routes(patterns: list[URLPattern | URLResolver] | None = None, prefix: str = "") -> Iterator[str]:
    """Every route of the URLconf, as its pattern text."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _shape(route: str) -> str:
    return "/" + route.replace("^", "").replace("$", "").replace("\\", "")


def routes_without_ids(skip: tuple[str, ...] = NOT_WALKED) -> list[str]:
    """Every route that needs no id, as a path (the API's regex routes too)."""
    starts = []
    for route in routes():
        path = _shape(route)
        if not any(mark in path for mark in ("<", "(?P", "(", "*", "?")) and not path.startswith(skip):
            starts.append(path)
    return starts


def text_of(content: bytes, content_type: str) -> str:
    """What a person reads in an answer: a page, JSON, a PDF's text, an xlsx's cells."""
    if "pdf" in content_type:
        done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
        return done.stdout.decode()
    if "spreadsheet" in content_type:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml"))
    return content.decode("utf-8", "replace")


def links(path: str, text: str, content_type: str) -> list[str]:
    """The links of a page; of an API list, its first record."""
    if "html" in content_type:
        return [link.replace("&amp;", "&") for link in HREF.findall(text)]
    if "json" in content_type and path.startswith("/api/"):
        base = path.split("?")[0]
        ids = re.findall(r'"id":\s*(\d+)', text)[:1]
        return [f"{base}{ids[0]}/"] if ids and base.endswith("s/") else []
    return []


def view_name(path: str) -> str | None:
    try:
        return resolve(path.split("?")[0]).view_name
    except Resolver404:
        return None


def api_details(path: str) -> list[str]:
    """The GET actions under an API record (history, entries, download…)."""
    found = []
    for route in routes():
        shape = _shape(route)
        if "(?P<pk>" in shape and "format" not in shape and shape.count("(") == 1:
            head, tail = shape.split("(?P<pk>[0-9]{1,18})")
            if path.startswith(head) and tail not in ("/",) and re.fullmatch(rf"{re.escape(head)}\d+/", path):
                found.append(path + tail.lstrip("/"))
    return found


@dataclass(frozen=True)
class Visit:
    path: str
    name: str  # the route's view name
    found_on: str  # the page whose link led here; "" for a start
    response: Any


def walk(client: Client, starts: Iterable[str], *, skip: tuple[str, ...] = NOT_WALKED) -> Iterator[Visit]:
    """GET one URL of each route, breadth first from `starts`, following the
    links of every 200 answer; yields every answer, whatever its status.

    Each Visit is yielded right after its request and before the next one,
    so what a request left in the database can be counted between two."""
    seen_names: set[str] = set()
    queue = deque((start, "") for start in starts)
    while queue:
        path, found_on = queue.popleft()
        name = view_name(path)
        if name is None or name in seen_names or path.startswith(skip):
            continue
        seen_names.add(name)
        response = client.get(path)
        yield Visit(path, name, found_on, response)
        if response.status_code != 200 or response.streaming:
            continue
        content_type = response.get("Content-Type", "")
        if "html" in content_type or "json" in content_type:
            found = links(path, response.content.decode("utf-8", "replace"), content_type)
            queue.extend((link, path) for link in found)
        if path.startswith("/api/"):
            queue.extend((detail, path) for detail in api_details(path))
