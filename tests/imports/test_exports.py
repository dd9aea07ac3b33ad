"""The import engine's files: every kind's empty template downloads from its
page and from the API and opens in a spreadsheet program; a batch's rejected
rows download even when the uploaded cells held control characters."""

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook
from rest_framework.test import APIClient

from peduli.accounts.models import User
from peduli.core.xlsx import sheet_title
from peduli.imports.registry import SPECS, spec_for
from peduli.regions.models import Region

WORKER_HEADERS = "NIK,Nama,Tanggal Lahir,Jenis Kelamin,Kode Desa,Alamat,No HP,Pekerjaan"


def template_paths(patterns: list[Any] | None = None, prefix: str = "") -> list[str]:
    """Every import wizard's template address ("…/templat.xlsx") in the project's URLs."""
    found: list[str] = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += template_paths(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and route.endswith("templat.xlsx"):
            found.append("/" + route)
    return found


def opened(content: bytes) -> Any:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    assert sheet is not None
    return sheet


@pytest.fixture
def superuser(kendal: Region, user_factory: Callable[..., User]) -> Any:
    user = user_factory("regency_admin")
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    return user


def test_every_kind_of_import_has_a_template_page_that_opens(superuser: Any) -> None:
    client = Client()
    client.force_login(superuser)
    titles = set()
    for path in template_paths():
        response = client.get(path)
        assert response.status_code == 200, path
        titles.add(opened(response.content).title)
    assert titles == {sheet_title(str(spec_for(kind).label)) for kind in SPECS}


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_every_kind_of_import_has_a_template_in_the_api_that_opens(admin: User, kind: str) -> None:
    client = APIClient()
    client.force_authenticate(admin)
    response = client.get(f"/api/v1/imports/template/?kind={kind}")
    assert response.status_code == 200
    sheet = opened(response.content)
    assert sheet.title == sheet_title(str(spec_for(kind).label))
    headers = next(sheet.iter_rows(max_row=1, values_only=True))
    assert list(headers) == [column.label for column in spec_for(kind).template_columns]


def test_the_bpjs_claims_template_names_its_sheet_without_a_slash(
    user_factory: Callable[..., User], kendal: Region
) -> None:
    client = Client()
    client.force_login(user_factory("bpjs_officer"))
    response = client.get("/bpjs/klaim/impor/templat.xlsx")
    assert response.status_code == 200
    assert opened(response.content).title == "Klaim BPJS (JKK-JKM)"


def test_rejected_rows_with_nul_and_bell_bytes_download_without_them(admin: User) -> None:
    # Its BEL and NUL bytes get the row refused; the file lists it without them.
    row = "33240145\x0706850001,Siti\x07 Ami\x00nah,05/06/1985,P,33.24.01.2001,Dusun\x00 Krajan,,Buruh tani"
    upload = io.BytesIO(f"{WORKER_HEADERS}\n{row}\n".encode())
    upload.name = "pekerja.csv"
    api = APIClient()
    api.force_authenticate(admin)
    created = api.post("/api/v1/imports/", {"kind": "workers", "file": upload, "dry_run": "true"}, format="multipart")
    assert created.status_code == 202, created.json()
    batch = created.json()["id"]
    assert api.get(f"/api/v1/imports/{batch}/").json()["rejected_count"] == 1
    page = Client()
    page.force_login(admin)
    for response in (api.get(f"/api/v1/imports/{batch}/rejected/"), page.get(f"/pekerja/impor/{batch}/ditolak.xlsx")):
        assert response.status_code == 200
        rows = list(opened(response.content).iter_rows(values_only=True))
        assert rows[1][:2] == ("3324014506850001", "Siti Aminah")
        assert rows[1][5] == "Dusun Krajan"


def test_the_worker_template_has_every_recognised_column_and_the_users_village_codes(
    kendal: Region, user_factory: Callable[..., User]
) -> None:
    from peduli.workers.importing import WORKER_COLUMNS
    from peduli.workers.models import Occupation

    district = Region.objects.get(code="33.24.01")
    operator = user_factory("district_operator", district=district)
    client = Client()
    client.force_login(operator)
    response = client.get("/pekerja/impor/templat.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Pekerja rentan", "Kode Desa", "Pekerjaan"]
    headers = next(book["Pekerja rentan"].iter_rows(max_row=1, values_only=True))
    assert list(headers) == [column.label for column in WORKER_COLUMNS]
    assert "Tempat Lahir" in headers and "KPJ" in headers
    villages = list(book["Kode Desa"].iter_rows(min_row=2, values_only=True))
    # Only the villages the operator may register workers in: their district's.
    expected = Region.objects.filter(parent=district).order_by("code").values_list("code", "name")
    assert villages == [(code, name, district.name) for code, name in expected]
    assert len(villages) > 1
    jobs = [row[0] for row in book["Pekerjaan"].iter_rows(min_row=2, values_only=True)]
    assert jobs == list(Occupation.objects.order_by("name").values_list("name", flat=True))
