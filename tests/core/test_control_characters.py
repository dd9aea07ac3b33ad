"""Control characters are refused wherever text comes in — a page's form,
the API's JSON, form and multipart bodies — with a message beside the field,
and the migration's cleaning drops them from rows stored before (issue 14).
The imports' column-wise form of the check finds exactly what the check does."""

import polars as pl
import pytest
from django.db import connection
from rest_framework.test import APIClient

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.core.control_characters import (
    CONTROL_CHARACTERS_MESSAGE,
    control_characters_dropped,
    control_characters_in,
    has_control_characters,
    stored_text_clean,
    without_control_characters,
)
from peduli.regions.models import Region
from peduli.workers.models import Worker
from peduli.workers.services import WorkerData, worker_create
from tests.support.clients import client_for

SITI = "3324014506850001"
VILLAGE = "33.24.01.2001"
MESSAGE = str(CONTROL_CHARACTERS_MESSAGE)


@pytest.mark.parametrize("typed", ["Dinas\x07 Sosial", "Dinas\x1b[31m Sosial", "Dinas\x7f Sosial", "Dinas\x85Sosial"])
def test_a_page_refuses_a_name_with_a_control_character_beside_the_field(admin: User, typed: str) -> None:
    response = client_for(admin).post(
        "/opd/baru/", {"code": "DINSOS", "name": typed, "kind": "dinas", "valid_from": "2025-01-01"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [MESSAGE]
    assert not Agency.objects.filter(code="DINSOS").exists()


def test_a_page_takes_the_same_name_typed_cleanly(admin: User) -> None:
    response = client_for(admin).post(
        "/opd/baru/", {"code": "DINSOS", "name": "Dinas Sosial", "kind": "dinas", "valid_from": "2025-01-01"}
    )

    assert response.status_code == 302
    assert Agency.objects.get(code="DINSOS").name == "Dinas Sosial"


@pytest.mark.parametrize("body_format", ["json", "multipart"])
def test_the_api_refuses_a_control_character_in_any_text_field(
    kendal: Region, api: APIClient, body_format: str
) -> None:
    body = {"nik": SITI, "name": "Siti\x00Aminah" if body_format == "json" else "Siti\x08Aminah",
            "village": VILLAGE, "occupation": "Nelayan", "address": "Jl. Mawar"}  # fmt: skip

    response = api.post("/api/v1/workers/", body, format=body_format)

    assert response.status_code == 400
    assert response.json() == {"name": [MESSAGE]}
    assert not Worker.objects.filter(nik=SITI).exists()


def test_a_nested_json_value_is_named_by_its_path(api: APIClient) -> None:
    response = api.post("/api/v1/workers/", {"nik": SITI, "extra": [{"note": "a\x07"}]}, format="json")

    assert response.status_code == 400
    assert response.json() == {"extra[0].note": [MESSAGE]}


def register(nik: str, name: str) -> Worker:
    return worker_create(actor=None, data=WorkerData(nik=nik, name=name, village=VILLAGE, occupation="Nelayan"))


def test_the_cleaning_drops_control_characters_from_stored_rows_only(kendal: Region) -> None:
    dirty, clean = register(SITI, "Siti Aminah"), register("3324011706850002", "Budi")
    # Stored before input refused them (an older import wrote straight to the table).
    Worker.objects.filter(pk=dirty.pk).update(name="Siti\x07 Aminah\x1b", address="Jl.\x0c Mawar")

    changed = stored_text_clean(Worker, ["name", "address"], vendor=connection.vendor)

    assert changed == 1
    dirty.refresh_from_db()
    assert (dirty.name, dirty.address) == ("Siti Aminah", "Jl. Mawar")
    assert Worker.objects.get(pk=clean.pk).name == "Budi"


def test_the_column_wise_check_of_imports_finds_and_drops_what_the_text_check_does() -> None:
    # Every character of the first planes that matter (ASCII, Latin-1, general punctuation, CJK spaces).
    texts = [f"a{chr(code)}b" for code in range(0x3001)]
    column = pl.Series("text", texts)

    found = pl.select(control_characters_in(pl.lit(column))).to_series().to_list()
    dropped = pl.select(control_characters_dropped(pl.lit(column))).to_series().to_list()

    assert found == [has_control_characters(text) for text in texts]
    assert dropped == [without_control_characters(text) for text in texts]
    assert sum(found) == 32 - 3 + 1 + 32  # C0 but tab, line feed and carriage return; DEL; C1
