"""The personal-data access log's one mechanism (core.personal_data), the
search that keeps a NIK out of the URL (core.searches) and the refusal of a
URL that still carries one (core.identity_in_urls) — issue 14 point 7."""

import re
import sys
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peduli.__main__ import main
from peduli.accounts.models import User
from peduli.accounts.tokens import api_token_issue
from peduli.core.models import AccessLog
from peduli.core.personal_data import personal_columns, subjects_read_by
from peduli.sponsorships.models import Sponsorship
from peduli.workers.models import Worker
from tests.support.clients import api_for, client_for


def _sql_of(read: Callable[[], object]) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        read()
    return [query["sql"] for query in queries.captured_queries]


def _subjects(read: Callable[[], object]) -> set[str]:
    return set().union(*(subjects_read_by(sql) for sql in _sql_of(read)))


@pytest.mark.django_db
def test_a_select_of_personal_columns_is_a_read_and_a_count_is_not(worker_factory: Callable[..., Worker]) -> None:
    worker = worker_factory()
    assert _subjects(lambda: list(Worker.objects.all())) == {"worker"}
    assert _subjects(lambda: list(Worker.objects.values_list("nik", flat=True))) == {"worker"}
    assert _subjects(lambda: Worker.objects.filter(nik=worker.nik).exists()) == {"worker"}  # it tells who exists
    assert _subjects(lambda: list(worker.history.all())) == {"worker_history"}
    assert _subjects(lambda: Worker.objects.count()) == set()
    assert _subjects(lambda: Worker.objects.aggregate(people=Count("nik", distinct=True))) == set()
    assert _subjects(lambda: list(Worker.objects.values("district_id").annotate(n=Count("pk")))) == set()
    assert _subjects(lambda: list(Sponsorship.objects.select_related("worker"))) == {"worker"}
    # A table joined twice gets an alias (T3…): its columns are seen through it.
    aliased = 'SELECT "T3"."name" FROM "x" INNER JOIN "workers_worker" T3 ON ("x"."w" = "T3"."id")'
    assert subjects_read_by(aliased) == {"worker"}
    assert subjects_read_by('UPDATE "workers_worker" SET "name" = %s') == set()


def test_every_model_with_identity_numbers_or_contact_details_declares_them() -> None:
    """A new model holding a NIK, NIP, phone or address cannot be forgotten."""
    from django.apps import apps

    personal = re.compile(r"^(nik|nip|kpj|phone|address|email|birth_date)$")
    unlisted = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label not in ("auth", "axes", "otp_totp")
        for field in model._meta.concrete_fields
        if personal.match(field.name) and field.column not in personal_columns().get(model._meta.db_table, ("", ()))[1]
    ]
    assert unlisted == []


def _logged_since(mark: int) -> list[AccessLog]:
    return list(AccessLog.objects.filter(pk__gt=mark).order_by("pk"))


def _mark() -> int:
    last = AccessLog.objects.order_by("-pk").first()
    return last.pk if last else 0


@pytest.mark.django_db
def test_every_request_that_reads_personal_data_is_logged_once(
    admin: User, worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory()
    client = client_for(admin)
    mark = _mark()
    assert client.get(f"/pekerja/{worker.pk}/riwayat/").status_code == 200  # no view code logs this
    (row,) = _logged_since(mark)
    # The page reads the worker, then their history with who made each change.
    assert (row.user_id, row.action, row.subject) == (admin.pk, "view", "user,worker,worker_history")
    assert row.object_id == str(worker.pk)
    assert row.detail == f"GET /pekerja/{worker.pk}/riwayat/"
    mark = _mark()
    assert client.get("/pekerja/").status_code == 200
    (row,) = _logged_since(mark)
    assert (row.subject, row.row_count) == ("worker", 1)
    mark = _mark()
    assert client.get("/laporan/").status_code == 200  # counts only
    assert client.get("/pekerja/999999/").status_code == 404  # nothing taken away
    assert _logged_since(mark) == []
    mark = _mark()
    assert api_for(admin).get("/api/v1/workers/").status_code == 200
    (row,) = _logged_since(mark)
    assert (row.action, row.subject, row.row_count) == ("api_read", "worker", 1)


@pytest.mark.django_db
def test_an_export_is_logged_as_an_export(admin: User, worker_factory: Callable[..., Worker]) -> None:
    worker_factory()
    mark = _mark()
    response = client_for(admin).get("/asn/ekspor.xlsx")
    assert response.status_code == 200
    assert [(row.action, row.subject) for row in _logged_since(mark)] == [("export", "civil_servant")]


@pytest.mark.django_db
def test_a_command_is_logged_without_its_arguments(
    worker_factory: Callable[..., Worker], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    worker = worker_factory(verified=False)
    mark = _mark()
    monkeypatch.setattr(sys, "argv", ["peduli", "worker", "verify", worker.nik])
    # Django closes the connections when a command ends; here that would end the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    main()
    (row,) = _logged_since(mark)
    assert (row.user_id, row.subject, row.detail) == (None, "worker", "peduli worker")


NIK = "3324014506850001"


@pytest.mark.django_db
@pytest.mark.parametrize("url", [f"/pekerja/?q={NIK}", "/pekerja/?q=3324+0145+0685+0001", f"/donatur/{NIK}/"])
def test_a_url_carrying_a_nik_is_refused_with_where_it_goes(admin: User, url: str) -> None:
    response = client_for(admin).get(url)
    assert response.status_code == 400
    assert "Nomor identitas tidak boleh ada di alamat halaman" in response.content.decode()
    assert "kotak pencarian" in response.content.decode()
    mark = _mark()
    api = api_for(admin).get(f"/api/v1/workers/?q={NIK}")
    assert api.status_code == 400 and "/api/v1/workers/search/" in api.json()["detail"]
    assert _logged_since(mark) == []
    assert client_for(admin).get("/pekerja/?q=332401").status_code == 200  # the start of one is no NIK


@pytest.mark.django_db
def test_a_search_by_nik_never_puts_it_in_the_url(admin: User, worker_factory: Callable[..., Worker]) -> None:
    worker = worker_factory(name="Siti Rahayu")
    other = worker_factory(name="Budi Santoso")
    client = client_for(admin)
    response = client.post("/pekerja/", {"q": worker.nik, "status": "verified", "saring": "1"})
    assert response.status_code == 302
    url = response["Location"]
    assert worker.nik not in url and not re.search(r"\d{6,}", url) and "status=verified" in url
    page = client.get(url).content.decode()
    assert "Siti Rahayu" in page and "Budi Santoso" not in page
    assert f'value="{worker.nik}"' in page  # the box shows what was typed
    # An htmx search swaps the results and puts the token URL in the address bar.
    swapped = client.post("/pekerja/", {"q": other.nik, "saring": "1"}, headers={"HX-Request": "true"})
    assert "Budi Santoso" in swapped.content.decode() and "Siti Rahayu" not in swapped.content.decode()
    assert other.nik not in swapped["HX-Push-Url"] and "cari=" in swapped["HX-Push-Url"]
    # The token means nothing to another session: its list is unsearched.
    stranger = client_for(admin).get(url).content.decode()
    assert "Siti Rahayu" in stranger and "Budi Santoso" in stranger


@pytest.mark.django_db
def test_the_api_searches_by_nik_in_the_body(api: object, worker_factory: Callable[..., Worker]) -> None:
    worker = worker_factory(name="Siti Rahayu")
    worker_factory(name="Budi Santoso")
    response = api.post("/api/v1/workers/search/", {"q": worker.nik}, format="json")  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Siti Rahayu"]
    check = api.post("/api/v1/workers/check-nik/", {"nik": worker.nik}, format="json")  # type: ignore[attr-defined]
    assert check.status_code == 200 and check.json()["valid"] is True


@pytest.mark.django_db
def test_the_page_nik_checks_are_posted(admin: User) -> None:
    client = client_for(admin)
    assert client.get(reverse("workers:nik_check"), {"nik": "3324"}).status_code == 405
    assert client.post(reverse("workers:nik_check"), {"nik": NIK}).status_code == 200
    form = client.get(reverse("workers:worker_create")).content.decode()
    assert 'hx-post="/pekerja/cek-nik/"' in form and "hx-get" not in form.split('name="nik"')[1][:400]


@pytest.mark.django_db
def test_reading_ones_own_account_is_not_logged_and_anothers_is(admin: User, user_factory: Callable[..., User]) -> None:
    partner = user_factory("csr_partner")
    client = client_for(partner)
    mark = _mark()
    assert client.get("/akun/profil/").status_code == 200  # their own e-mail and phone
    token = api_token_issue(user=partner)[1]
    assert Client().get("/api/v1/regions/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200  # the token's own
    assert _logged_since(mark) == []
    assert client_for(admin).get(f"/akun/pengguna/{partner.pk}/").status_code == 200
    (row,) = _logged_since(mark)
    assert (row.user_id, row.object_id) == (admin.pk, str(partner.pk)) and "user" in row.subject.split(",")
