"""Page speed on the demo, as each role meets it (issue 16 point 9).

    .venv/bin/python bench/pages.py [--requests 5] [--keep] [--bound-ms 500]

Builds the Kendal demo (`peduli demo`) in a scratch SQLite database (or
reuses it with `--keep`), then, for each demo login, walks every page of the
role's menu and the first detail page each of them links to — a URL whose
route takes an id — through Django's test client (the full request:
middleware, session, selectors, templates). Each URL is asked once to warm
up, then `--requests` times; the median is reported, slowest first, with
the answer's size. Exit status 1 when any median is above `--bound-ms`.
"""

import argparse
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass

from scratch import WORK, peduli, setup_django

URL = f"sqlite:///{WORK / 'pages.sqlite3'}"
LOGINS = ("disperinaker", "operator.dinkes", "operator.kec.kendal", "asn", "bpjs.kendal", "mitra.csr", "bupati")
HREF = re.compile(r'href="(/[^"#?]*)"')


@dataclass(frozen=True)
class Timing:
    login: str
    path: str
    median_ms: float
    size_kb: float
    status: int


def _first_detail(path: str, html: str) -> str | None:
    """The first link on the page to a route that takes an id (a worker, a payment…)."""
    from django.urls import Resolver404, resolve

    for link in HREF.findall(html):
        if link == path or link.startswith(("/static/", "/akun/keluar/")):
            continue
        try:
            match = resolve(link)
        except Resolver404:
            continue
        if match.kwargs and not link.endswith((".pdf", ".xlsx", ".csv")):
            return link
    return None


def _landing(client: object, path: str) -> str:
    """Where a menu link lands: an operator's "Dasbor" redirects to its own district's or agency's."""
    response = client.get(path)  # type: ignore[attr-defined]
    location = response.get("Location", "")
    return location if response.status_code == 302 and location.startswith("/") else path


def _time(client: object, path: str, requests: int) -> tuple[float, float, int]:
    client.get(path)  # type: ignore[attr-defined]  # warm
    spent = []
    response = None
    for _n in range(requests):
        started = time.perf_counter()
        response = client.get(path)  # type: ignore[attr-defined]
        spent.append((time.perf_counter() - started) * 1000)
    assert response is not None
    return statistics.median(spent), len(response.content) / 1024, response.status_code


def measure(requests: int) -> list[Timing]:
    from django.test import Client

    from peduli.accounts.models import Role, User
    from peduli.site.navigation import menu_for

    timings = []
    for login in LOGINS:
        user = (
            User.objects.filter(role=Role.CIVIL_SERVANT, civil_servant__isnull=False).order_by("pk").first()
            if login == "asn"
            else User.objects.get(username=login)
        )
        assert user is not None
        client = Client()
        client.force_login(user)
        seen: set[str] = set()
        for item in [None, *menu_for(user.role, is_superuser=user.is_superuser)]:
            # The landed page's links: a redirected dashboard has its own detail pages.
            page = _landing(client, "/" if item is None else item.url)
            for url in (page, _first_detail(page, client.get(page).content.decode())):
                if url is None or url in seen:
                    continue
                seen.add(url)
                median, size, status = _time(client, url, requests)
                timings.append(Timing(login, url, median, size, status))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="reuse the demo database of an earlier run")
    parser.add_argument("--bound-ms", type=float, default=500)
    arguments = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    if not arguments.keep or not (WORK / "pages.sqlite3").exists():
        (WORK / "pages.sqlite3").unlink(missing_ok=True)
        peduli(URL, "migrate", "-v0")
        peduli(URL, "demo")
    else:
        peduli(URL, "migrate", "-v0")
    peduli(URL, "collectstatic", "--noinput", "-v0")  # the pages' manifest of static files, as `make run` builds it
    os.environ["PEDULI_HTTPS"] = "false"  # plain HTTP in-process: no redirect to https
    setup_django(URL)
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    timings = sorted(measure(arguments.requests), key=lambda t: -t.median_ms)
    print(f"{'median':>8}  {'size':>8}  status  login                 page")
    for t in timings:
        print(f"{t.median_ms:7.0f}ms {t.size_kb:7.0f}KB  {t.status:>5}  {t.login:<20}  {t.path}")
    slow = [t for t in timings if t.median_ms > arguments.bound_ms or t.status != 200]
    print(
        f"{len(timings)} pages, median of medians {statistics.median(t.median_ms for t in timings):.0f} ms, "
        f"slowest {timings[0].median_ms:.0f} ms; {len(slow)} above {arguments.bound_ms:.0f} ms or not 200"
    )
    sys.exit(1 if slow else 0)


if __name__ == "__main__":
    main()
