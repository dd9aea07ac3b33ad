"""Every list answers hostile query strings without a server error.

An API fuzzer and a curious user send what no form would: ids past 64 bits,
dates centuries away, sort keys that do not exist, control characters, pages
beyond the last. Every list endpoint of the API and every list page must
answer each of them with a result or a 400 — never a 5xx. The endpoints and
their filters are read from the router and the filter sets, so a list added
later is swept too.
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from peduli.accounts.models import User
from peduli.site.api_urls import router
from peduli.sponsorships.models import Sponsor
from peduli.workers.models import Worker

# Values a form would never send; each goes into every parameter in turn.
HOSTILE_VALUES = [
    "99999999999999999999",  # past 64 bits
    "-9223372036854775809",
    "0",
    "-1",
    "1e309",
    "3264-05-07",  # a date far outside the programme's range
    "0001-01-01",
    "9999-12",
    "2026-13",
    "abc",
    "'\"<x>",
    "\x00\x07",
    "x" * 5000,
]
# A page ignores a filter it cannot read, so a page needs one value of each kind.
PAGE_VALUES = ["99999999999999999999", "3264-05-07", "2026-13", "\x00\x07", "x" * 5000]
# Parameters every list takes besides its filters.
COMMON_PARAMETERS = ["q", "urut", "ordering", "page", "page_size", "halaman", "month", "bulan", "tahun", "year"]


def _api_list_paths() -> Iterator[tuple[str, list[str]]]:
    for _prefix, viewset, basename in router.registry:
        if not hasattr(viewset, "list"):
            continue
        filterset = getattr(viewset, "filterset_class", None)
        names = list(filterset.base_filters) if filterset is not None else []
        yield reverse(f"api:{basename}-list"), names + COMMON_PARAMETERS


def _page_paths(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    """Pages without path arguments, outside the API and the admin."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith(("api/", "django-admin/")) or entry.pattern.regex.groups:
                continue
            yield from _page_paths(entry, route)
        elif isinstance(entry, URLPattern) and not entry.pattern.regex.groups and "<" not in route:
            if route.endswith(("logout/", "keluar/")) or "(?P" in route:
                continue
            yield "/" + route.lstrip("^").rstrip("$")


def _page_parameters() -> list[str]:
    """Every filter name any list page knows, with the common ones."""
    from django_filters import FilterSet

    names: set[str] = set(COMMON_PARAMETERS)
    stack = list(FilterSet.__subclasses__())
    while stack:
        filterset = stack.pop()
        stack.extend(filterset.__subclasses__())
        names.update(filterset.base_filters)
    return sorted(names)


def _server_errors(client: Client, path: str, names: list[str], values: list[str] = HOSTILE_VALUES) -> list[str]:
    errors = []
    for name in names:
        for value in values:
            response = client.get(path, {name: value})
            if response.status_code >= 500:
                errors.append(f"{path}?{name}={value[:30]!r} → {response.status_code}")
    return errors


@pytest.fixture
def users(admin: User, company: Sponsor, partner: User, user_factory: Callable[..., User]) -> dict[str, Any]:
    return {"labour office": admin, "CSR partner": partner, "BPJS officer": user_factory("bpjs_officer")}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["labour office", "CSR partner", "BPJS officer"])
def test_every_api_list_answers_hostile_parameters_without_a_server_error(
    role: str, users: dict[str, Any], worker_factory: Callable[..., Worker]
) -> None:
    worker_factory()
    client = Client(raise_request_exception=False)
    client.force_login(users[role])
    errors = [error for path, names in _api_list_paths() for error in _server_errors(client, path, names)]
    assert not errors, "\n".join(errors)


def _api_sort_keys() -> Iterator[tuple[str, str, str]]:
    """(path, parameter, key) of every sort key an API list offers, both directions."""
    from django_filters import OrderingFilter

    for _prefix, viewset, basename in router.registry:
        filterset = getattr(viewset, "filterset_class", None)
        for name, declared in (filterset.base_filters if filterset is not None else {}).items():
            if isinstance(declared, OrderingFilter):
                for key, _label in declared.extra["choices"]:
                    yield reverse(f"api:{basename}-list"), name, key


@pytest.mark.django_db
def test_every_sort_key_an_api_list_offers_sorts(users: dict[str, Any], worker_factory: Callable[..., Worker]) -> None:
    worker_factory()
    client = Client(raise_request_exception=False)
    client.force_login(users["labour office"])
    keys = list(_api_sort_keys())
    assert len(keys) > 10
    failures = [
        f"{path}?{name}={key} → {status}"
        for path, name, key in keys
        if (status := client.get(path, {name: key}).status_code) != 200
    ]
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_every_list_page_answers_hostile_parameters_without_a_server_error(
    users: dict[str, Any], worker_factory: Callable[..., Worker]
) -> None:
    worker_factory()
    client = Client(raise_request_exception=False)
    client.force_login(users["labour office"])
    names = _page_parameters()
    # A list page reads the parameters its filter form offers, and its sorting and paging.
    pages = {path: client.get(path).content.decode(errors="replace") for path in _page_paths()}
    offered = {
        path: [name for name in names if f'name="{name}"' in html] + ["urut", "halaman"]
        for path, html in pages.items()
        if 'method="get"' in html or 'role="search"' in html
    }
    assert len(offered) > 10
    errors = [error for path, own in offered.items() for error in _server_errors(client, path, own, PAGE_VALUES)]
    assert not errors, "\n".join(errors)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["payments", "dues", "monthly-reports", "reconciliation-differences"])
def test_an_id_past_64_bits_is_a_400_in_indonesian(path: str, users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["labour office"])
    name = {"monthly-reports": "agency", "reconciliation-differences": "remittance"}.get(path, "sponsor")
    response = client.get(f"/api/v1/{path}/", {name: "99999999999999999999"})
    assert response.status_code == 400
    assert response.json()[name] == ["Pastikan nilai ini lebih kecil dari atau sama dengan 9223372036854775807."]
