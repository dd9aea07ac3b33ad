"""The error pages (issue 15 point 6): Indonesian, in the site's layout, with
a link back; 403 names the roles the page needs; 405 and 429 answered bare
get a page too; under /api/ the answer stays JSON."""

import json
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from peduli.accounts.access import RoleRequired
from peduli.accounts.models import Role, User
from peduli.accounts.roles import Capability
from peduli.site.errors import ErrorPageMiddleware, permission_denied, server_error
from tests.support.clients import client_for


def _page(response: Any) -> str:
    return response.content.decode()


def test_a_missing_page_is_a_404_in_the_layout_with_a_way_home(admin: User) -> None:
    response = client_for(admin).get("/tidak-ada-di-sini/")

    page = _page(response)
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in page and "Kode galat 404" in page
    assert 'id="sidebar"' in page  # the layout, with the user's menu
    assert 'href="/"' in page and "Ke beranda" in page


def test_the_way_back_is_the_page_the_user_came_from_when_it_is_ours(admin: User) -> None:
    ours = client_for(admin).get("/tidak-ada/", HTTP_REFERER="http://testserver/pekerja/")
    theirs = client_for(admin).get("/tidak-ada/", HTTP_REFERER="https://jahat.example/pekerja/")

    assert 'href="http://testserver/pekerja/"' in _page(ours) and "Kembali ke halaman sebelumnya" in _page(ours)
    assert "jahat.example" not in _page(theirs) and "Kembali ke halaman sebelumnya" not in _page(theirs)


def test_a_refused_page_names_the_roles_that_may_open_it(user_factory: Callable[..., User]) -> None:
    officer = user_factory(Role.BPJS_OFFICER)

    response = client_for(officer).get("/iuran/")

    page = _page(response)
    assert response.status_code == 403
    assert "Anda tidak berwenang membuka halaman ini" in page
    for role in ("Admin Disperinaker", "Operator OPD", "Mitra CSR", "Pimpinan"):
        assert f"<li>{role}</li>" in page
    assert "<li>Petugas BPJS Ketenagakerjaan</li>" not in page
    assert "Anda masuk sebagai Petugas BPJS Ketenagakerjaan" in page
    assert "Forbidden" not in page


def test_a_refusal_with_its_own_sentence_says_it(user_factory: Callable[..., User]) -> None:
    leader = user_factory(Role.LEADER)

    response = client_for(leader).get("/opd/baru/")

    assert response.status_code == 403
    assert "Hanya admin Disperinaker yang dapat mengubah data OPD." in _page(response)


def test_a_get_on_a_form_only_address_is_a_405_page(admin: User) -> None:
    response = client_for(admin).get("/laporan/bulanan/ingatkan/")

    page = _page(response)
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "Cara membuka halaman ini tidak diterima" in page and 'id="sidebar"' in page


def test_too_many_requests_says_when_to_try_again(db: None) -> None:
    request = RequestFactory().get("/akun/masuk/")
    request.user = AnonymousUser()

    def throttled(seconds: str) -> Callable[[HttpRequest], HttpResponse]:
        return lambda _request: HttpResponse(status=429, headers={"Retry-After": seconds})

    in_seconds = ErrorPageMiddleware(throttled("42"))(request)
    in_minutes = ErrorPageMiddleware(throttled("130"))(request)

    assert in_seconds.status_code == 429 and in_seconds["Retry-After"] == "42"
    assert "Coba lagi dalam 42 detik." in _page(in_seconds)
    assert "Coba lagi dalam 3 menit." in _page(in_minutes)


def test_an_answer_with_its_own_page_is_left_alone() -> None:
    request = RequestFactory().get("/")
    said = HttpResponse("sudah ada halamannya", status=405)

    assert ErrorPageMiddleware(lambda _request: said)(request) is said


def test_the_500_page_needs_no_database_nor_context() -> None:
    # No db fixture: a query here would fail the test.
    response = server_error(RequestFactory().get("/pekerja/"))

    page = _page(response)
    assert response.status_code == 500
    assert "Terjadi kesalahan di server" in page and 'href="/"' in page and 'lang="id"' in page


def test_a_bad_request_is_a_400_page(db: None) -> None:
    response = Client(raise_request_exception=False, HTTP_HOST="bukan-peduli.example").get("/")

    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses" in _page(response)


def test_a_form_sent_without_its_csrf_token_says_what_to_do(admin: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)

    response = client.post("/laporan/bulanan/ingatkan/", {})

    page = _page(response)
    assert response.status_code == 403
    assert "Formulir tidak dapat dikirim" in page and "muat ulang" in page


def test_api_errors_stay_json_in_indonesian(admin: User) -> None:
    missing = client_for(admin).get("/api/v1/tidak-ada/")

    assert missing.status_code == 404
    assert missing.json() == {"detail": "Alamat API ini tidak ada. Daftar alamatnya ada di /api/schema/."}
    assert server_error(RequestFactory().get("/api/v1/workers/")).content.decode().startswith('{"detail": "Terjadi')


def test_a_refusal_under_the_api_names_the_roles_in_its_detail(admin: User) -> None:
    request = RequestFactory().get("/api/v1/scenarios/")
    request.user = admin

    response = permission_denied(request, RoleRequired(Capability.READ_BASELINES))

    assert response.status_code == 403
    assert json.loads(response.content) == {
        "detail": "Halaman ini hanya untuk peran tertentu, dan peran akun Anda tidak termasuk. "
        "Peran yang dapat membukanya: Admin Disperinaker, Pimpinan."
    }
