"""Region outlines: loading GeoJSON through the service, the command, the page
and the API, and reading them back as a FeatureCollection."""

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.test import APIClient

from peduli.accounts.models import User
from peduli.core.errors import ApplicationError
from peduli.demo.boundaries import DATA
from peduli.regions.boundaries import boundaries_load
from peduli.regions.models import Boundary, Region
from tests.support.clients import api_for, client_for, post_multipart

# The real outlines, as the demo ships them.
KENDAL_DISTRICTS = DATA / "kendal-districts.geojson"


def square(x: float, y: float, size: float = 0.01) -> list[list[list[float]]]:
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def feature(code: str, geometry: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"code": code, "name": "ignored"},
        "geometry": geometry or {"type": "Polygon", "coordinates": square(110.1, -7.0)},
    }


def collection(*features: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def test_loading_stores_each_named_region_and_replaces_on_reload(kendal: Region, admin: User) -> None:
    result = boundaries_load(
        actor=admin, geojson=collection(feature("33.24.01"), feature("33.24.01.2001")), source="uji"
    )
    assert result.total == 2
    assert result.by_level == {Region.Level.DISTRICT: 1, Region.Level.VILLAGE: 1}
    assert Boundary.objects.get(region_id="33.24.01").loaded_by == admin

    moved = {"type": "Polygon", "coordinates": square(110.2, -7.1)}
    boundaries_load(actor=admin, geojson=collection(feature("33.24.01", moved)), source="versi 2")
    stored = Boundary.objects.get(region_id="33.24.01")
    assert stored.geometry == moved and stored.source == "versi 2"
    assert Boundary.objects.count() == 2


@pytest.mark.parametrize(
    ("geojson", "message"),
    [
        ({"type": "Feature"}, "bukan GeoJSON FeatureCollection"),
        ({"type": "FeatureCollection", "features": []}, "tidak berisi satu pun fitur"),
        (collection({"type": "Feature", "properties": {}, "geometry": None}), "Fitur ke-1 tidak punya properti code"),
        (collection(feature("33.24.01", {"type": "Point", "coordinates": [110, -7]})), "bukan Point"),
        # Latitude first: the classic swap puts Kendal at latitude 110.
        (collection(feature("33.24.01", {"type": "Polygon", "coordinates": [[[-7, 110]] * 4]})), "tertukar"),
        (collection(feature("33.24.01", {"type": "Polygon", "coordinates": [[[110, -7], [110.1, -7]]]})), "4 titik"),
        (collection(feature("33.24.01"), feature("33.24.01")), "33.24.01 muncul lebih dari sekali"),
        (collection(feature("33.24.01"), feature("33.24.99"), feature("99.99")), "tidak dikenal: 33.24.99, 99.99"),
        (collection(feature("33")), "di luar 33.24"),
    ],
)
def test_invalid_geojson_is_refused_whole_with_a_message_naming_the_problem(
    kendal: Region, admin: User, geojson: dict[str, Any], message: str
) -> None:
    with pytest.raises(ApplicationError, match=message):
        boundaries_load(actor=admin, geojson=geojson, source="uji")
    assert not Boundary.objects.exists()


def test_only_the_labour_office_loads_outlines(kendal: Region, user_factory: Callable[..., User]) -> None:
    leader = user_factory("leader")
    with pytest.raises(ApplicationError, match="Hanya Disperinaker") as refused:
        boundaries_load(actor=leader, geojson=collection(feature("33.24.01")), source="uji")
    assert refused.value.code == "forbidden"


def test_the_command_loads_a_file_and_names_an_unreadable_one(kendal: Region, tmp_path: Path) -> None:
    path = tmp_path / "kecamatan.geojson"
    path.write_text(json.dumps(collection(feature("33.24.02"), feature("33.24.03"))))
    out = io.StringIO()
    call_command("load_boundaries", str(path), stdout=out)
    assert "2 batas wilayah dimuat" in out.getvalue()
    assert Boundary.objects.get(region_id="33.24.02").source == "kecamatan.geojson"

    path.write_text("{not json")
    with pytest.raises(CommandError, match="JSON tidak terbaca"):
        call_command("load_boundaries", str(path))


def test_the_upload_page_loads_a_file_and_shows_a_refusal_beside_the_file(kendal: Region, admin: User) -> None:
    client = Client()
    client.force_login(admin)
    good = SimpleUploadedFile("k.geojson", json.dumps(collection(feature("33.24.04"))).encode())
    response = client.post("/wilayah/batas/", {"file": good, "source": "BIG 2024"}, follow=True)
    assert "1 batas wilayah dimuat" in response.content.decode()
    assert Boundary.objects.filter(region_id="33.24.04", source="BIG 2024").exists()

    bad = SimpleUploadedFile("k.geojson", json.dumps(collection(feature("33.24.77"))).encode())
    response = client.post("/wilayah/batas/", {"file": bad, "source": "BIG 2024"})
    assert response.status_code == 200
    assert "Kode wilayah tidak dikenal: 33.24.77" in response.content.decode()


def test_the_upload_page_names_the_field_left_empty(kendal: Region, admin: User) -> None:
    client = Client()
    client.force_login(admin)
    good = SimpleUploadedFile("k.geojson", json.dumps(collection(feature("33.24.04"))).encode())
    page = client.post("/wilayah/batas/", {"file": good, "source": ""}).content.decode()
    assert "Sumber data harus diisi" in page and "Bidang ini harus diisi." not in page
    page = client.post("/wilayah/batas/", {"source": "BIG 2024"}).content.decode()
    assert "Pilih berkas GeoJSON" in page and "Bidang ini harus diisi." not in page
    assert not Boundary.objects.exists()


def test_the_upload_page_is_for_the_labour_office_only(kendal: Region, user_factory: Callable[..., User]) -> None:
    client = Client()
    client.force_login(user_factory("leader"))
    assert client.get("/wilayah/batas/").status_code == 403


def test_api_returns_a_level_as_a_feature_collection_and_loads_json(kendal: Region, admin: User) -> None:
    client = APIClient()
    client.force_authenticate(admin)
    response = client.post(
        "/api/v1/boundaries/",
        {"source": "API", "geojson": collection(feature("33.24.05"), feature("33.24.05.2001"))},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["total"] == 2

    districts = client.get("/api/v1/boundaries/?level=district").json()
    assert districts["type"] == "FeatureCollection"
    assert [f["properties"] for f in districts["features"]] == [
        {"code": "33.24.05", "name": "Singorojo", "level": "district"}
    ]
    villages = client.get("/api/v1/boundaries/?level=village&parent=33.24.05").json()
    assert [f["properties"]["code"] for f in villages["features"]] == ["33.24.05.2001"]
    assert client.get("/api/v1/boundaries/?level=planet").status_code == 400

    refused = client.post("/api/v1/boundaries/", {"source": "API", "geojson": {"type": "x"}}, format="json")
    assert refused.status_code == 400
    assert "FeatureCollection" in json.dumps(refused.json())


def test_api_accepts_an_uploaded_file(kendal: Region, admin: User) -> None:
    client = APIClient()
    client.force_authenticate(admin)
    upload = SimpleUploadedFile("k.geojson", json.dumps(collection(feature("33.24.06"))).encode())
    response = client.post("/api/v1/boundaries/", {"source": "berkas", "file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    assert Boundary.objects.filter(region_id="33.24.06").exists()


def deep_geojson(levels: int = 200_000) -> bytes:
    """A FeatureCollection whose coordinates nest `levels` arrays deep (400 KB)."""
    coordinates = b"[" * levels + b"]" * levels
    return b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"code": "33.24.01"}, ' + (
        b'"geometry": {"type": "Polygon", "coordinates": ' + coordinates + b"}}]}"
    )


def test_a_civil_servants_upload_is_refused_before_its_body_is_read(
    kendal: Region, user_factory: Callable[..., User], person_factory: Callable[..., Any]
) -> None:
    upload = SimpleUploadedFile("k.geojson", json.dumps(collection(feature("33.24.06"))).encode() * 100)
    response, body = post_multipart(
        api_for(user_factory("civil_servant", civil_servant=person_factory())),
        "/api/v1/boundaries/",
        {"source": "x", "file": upload},
    )
    assert response.status_code == 403
    assert "Hanya Disperinaker yang memuat batas wilayah" in json.dumps(response.json())
    assert body.bytes_read == 0
    assert not Boundary.objects.exists()


def test_geojson_nested_too_deep_is_a_400_in_indonesian_from_the_api_and_the_page(kendal: Region, admin: User) -> None:
    deep = deep_geojson()
    api = api_for(admin)
    as_json = api.generic("POST", "/api/v1/boundaries/", (b'{"source": "x", "geojson": ' + deep + b"}").decode(),
                          content_type="application/json")  # fmt: skip
    assert as_json.status_code == 400
    assert "lebih dari 32 tingkat" in json.dumps(as_json.json())
    as_file = api.post(
        "/api/v1/boundaries/", {"source": "x", "file": SimpleUploadedFile("k.geojson", deep)}, format="multipart"
    )
    assert as_file.status_code == 400
    assert "lebih dari 32 tingkat" in json.dumps(as_file.json())
    page = client_for(admin).post("/wilayah/batas/", {"source": "x", "file": SimpleUploadedFile("k.geojson", deep)})
    assert page.status_code == 200
    assert "Berkas bukan GeoJSON yang sah (JSON bersarang lebih dari 32 tingkat" in page.content.decode()
    assert not Boundary.objects.exists()


def test_the_real_kendal_districts_load_in_full(kendal: Region) -> None:
    out = io.StringIO()
    call_command("load_boundaries", str(KENDAL_DISTRICTS), "--source", "cahyadsn/wilayah_boundaries", stdout=out)
    assert Boundary.objects.filter(region__level=Region.Level.DISTRICT).count() == 20
    assert Boundary.objects.get(region_id="33.24.18").geometry["type"] == "MultiPolygon"
