"""Every URL that shows a NIK or an NIP leaves a row in the personal-data
access log, and no link Peduli draws carries one (issue 14 point 7).

The walk goes as people would: from every page and API list that needs no
id, it follows the links, htmx loads and API ids it is shown, one URL of
each route, as the labour office, an agency operator, a civil servant, the
BPJS officer and a CSR partner over the whole demo. It reads every answer —
page, JSON, xlsx, csv, PDF — for the NIKs and NIPs the database holds, and
asks for a log row of each answer that showed one. Nothing here knows which
views log: a new view that shows a NIK is walked and checked like the rest.
"""

import io
import re
import subprocess
import zipfile
from collections import deque
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from peduli.accounts.models import User
from peduli.accounts.roles import Role
from peduli.agencies.models import CivilServant
from peduli.bpjs.models import Claim, Member
from peduli.core.identity_in_urls import carries_identity_number
from peduli.core.models import AccessLog
from peduli.workers.models import Worker
from tests.support.clients import client_for

_HREF = re.compile(r'(?:href|hx-get)="(/[^"#]*)"')
_NUMBER = re.compile(r"(?<!\d)(\d{16}|\d{18})(?!\d)")
_NOT_WALKED = ("/static/", "/django-admin/", "/akun/keluar/", "/api/docs/", "/api/schema/")
# Pages that show who is who and must be among those the walk found showing
# a number: if one stops being walked, the walk has gone blind there.
MUST_SHOW = {
    "workers:worker_list", "workers:worker_detail", "workers:verification_queue", "workers:duplicate_list",
    "workers:import_detail", "agencies:civil_servant_list", "agencies:civil_servant_detail",
    "agencies:civil_servant_export", "sponsorships:sponsor_list", "ledger:payment_list", "ledger:arrears_export",
    "bpjs:member_list", "bpjs:claim_detail", "bpjs:registration_batch_detail", "bpjs:registration_batch_download",
    "me:receipt", "api:worker-list", "api:worker-detail", "api:civil-servant-list", "api:bpjs-member-list",
    "api:sponsorship-list", "api:duplicate-flag-list", "api:reconciliation-difference-list", "api:import-detail",
}  # fmt: skip


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _starts() -> list[str]:
    """Every route that needs no id, as a path (the API's regex routes too)."""
    starts = []
    for route in _routes(get_resolver().url_patterns):
        path = "/" + route.replace("^", "").replace("$", "").replace("\\", "")
        if not any(mark in path for mark in ("<", "(?P", "(", "*", "?")) and not path.startswith(_NOT_WALKED):
            starts.append(path)
    return starts


def _text(content: bytes, content_type: str) -> str:
    if "pdf" in content_type:
        done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
        return done.stdout.decode()
    if "spreadsheet" in content_type:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml"))
    return content.decode("utf-8", "replace")


def _links(path: str, text: str, content_type: str) -> list[str]:
    if "html" in content_type:
        return [link.replace("&amp;", "&") for link in _HREF.findall(text)]
    if "json" in content_type and path.startswith("/api/"):
        base = path.split("?")[0]
        ids = re.findall(r'"id":\s*(\d+)', text)[:1]
        return [f"{base}{ids[0]}/"] if ids and base.endswith("s/") else []
    return []


def _view_name(path: str) -> str | None:
    try:
        return resolve(path.split("?")[0]).view_name
    except Resolver404:
        return None


def _api_details(path: str) -> list[str]:
    """The GET actions under an API record (history, entries, download…)."""
    found = []
    for route in _routes(get_resolver().url_patterns):
        shape = "/" + route.replace("^", "").replace("$", "").replace("\\", "")
        if "(?P<pk>" in shape and "format" not in shape and shape.count("(") == 1:
            head, tail = shape.split("(?P<pk>[0-9]{1,18})")
            if path.startswith(head) and tail not in ("/",) and re.fullmatch(rf"{re.escape(head)}\d+/", path):
                found.append(path + tail.lstrip("/"))
    return found


def _walk(client: Client, known: set[str]) -> Iterator[tuple[str, str, bool, bool]]:
    """(path, view name, showed a number, logged) for one URL of each route."""
    seen_names: set[str] = set()
    queue = deque(_starts())
    while queue:
        path = queue.popleft()
        name = _view_name(path)
        if name is None or name in seen_names or path.startswith(_NOT_WALKED):
            continue
        seen_names.add(name)
        assert not carries_identity_number(path), f"a link carries a NIK or NIP: {path}"
        before = AccessLog.objects.count()
        response = client.get(path)
        if response.status_code != 200 or response.streaming:
            continue
        content_type = response.get("Content-Type", "")
        text = _text(response.content, content_type)
        shown = any(number in known for number in _NUMBER.findall(text))
        yield path, name, shown, AccessLog.objects.count() > before
        queue.extend(_links(path, text, content_type))
        if path.startswith("/api/"):
            queue.extend(_api_details(path))


@pytest.mark.django_db
def test_every_url_that_shows_a_nik_or_nip_is_logged(demo: str) -> None:
    known = set(Worker.objects.values_list("nik", flat=True)) | set(CivilServant.objects.values_list("nip", flat=True))
    known |= set(Member.objects.values_list("nik", flat=True)) | set(Claim.objects.values_list("nik", flat=True))
    callers = [
        User.objects.get(username="disperinaker"), User.objects.get(username="operator.dinkes"),
        User.objects.filter(role=Role.CIVIL_SERVANT).order_by("pk").first(), User.objects.get(username="bpjs.kendal"),
        User.objects.get(username="mitra.csr"),
    ]  # fmt: skip
    showing: set[str] = set()
    unlogged: list[str] = []
    walked = 0
    for caller in callers:
        assert caller is not None
        for path, name, shown, logged in _walk(client_for(caller), known):
            walked += 1
            if shown:
                showing.add(name)
                if not logged:
                    unlogged.append(f"{caller.username}: {path}")
    assert unlogged == [], "\n".join(unlogged)
    assert MUST_SHOW - showing == set(), "\n".join(sorted(showing))
    assert walked > 300, walked
