"""The region pages: the village suggestions a village field asks for as one types."""

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from peduli.accounts.models import User
from peduli.regions.models import Region
from tests.support.clients import client_for


def test_village_suggestions_are_the_instances_villages_matching_what_was_typed(
    kendal: Region, user_factory: Callable[..., User]
) -> None:
    Region.objects.create(code="33.74", name="Kota Semarang", level=Region.Level.REGENCY, parent_id="33")
    Region.objects.create(code="33.74.01", name="Semarang Tengah", level=Region.Level.DISTRICT, parent_id="33.74")
    Region.objects.create(code="33.74.01.1001", name="Blumahan", level=Region.Level.VILLAGE, parent_id="33.74.01")
    client = client_for(user_factory("bpjs_officer"))
    url = reverse("regions:village_search")
    # Whatever the field's name, its one parameter is what was typed.
    assert client.get(url, {"desa": "blum"}).content.decode() == (
        '<option value="Blumah, Kec. Plantungan (33.24.01.2001)"></option>\n'
    )
    assert client.get(url, {"desa": "gondang"}).content.decode().count("<option") == 2
    assert client.get(url, {"q": "x"}).content.decode() == "\n"
    assert client.get(url, {"q": "33.74.01.1001"}).content.decode() == "\n"  # outside the instance
    assert Client().get(url, {"q": "blum"}).status_code == 302  # to the login page
