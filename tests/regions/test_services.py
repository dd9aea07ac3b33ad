import io

import pytest
from django.core.management import call_command

from peduli.core.errors import ApplicationError
from peduli.regions.dataset import read_rows, tidy_name
from peduli.regions.models import Region
from peduli.regions.services import regions_load


@pytest.mark.django_db
def test_load_regions_for_kendal_yields_its_tree() -> None:
    out = io.StringIO()
    call_command("load_regions", "--regency", "33.24", stdout=out)
    kendal = Region.objects.filter(code__startswith="33.24")
    assert kendal.filter(level=Region.Level.REGENCY).count() == 1
    assert kendal.filter(level=Region.Level.DISTRICT).count() == 20
    assert kendal.filter(level=Region.Level.VILLAGE).count() == 286
    assert Region.objects.get(code="33.24").name == "Kabupaten Kendal"
    assert Region.objects.get(code="33.24.15").parent_id == "33.24"
    assert Region.objects.get(code="33").name == "Jawa Tengah"
    assert "286" in out.getvalue()


@pytest.mark.django_db
def test_loading_twice_changes_nothing() -> None:
    rows = [r for r in read_rows() if r.code.startswith("33.24")] + [r for r in read_rows() if r.code == "33"]
    regions_load(root="33.24", rows=rows)
    before = list(Region.objects.values_list("code", "name", "parent_id"))
    regions_load(root="33.24", rows=rows)
    assert list(Region.objects.values_list("code", "name", "parent_id")) == before


@pytest.mark.django_db
def test_unknown_region_code_is_refused() -> None:
    with pytest.raises(ApplicationError, match=r"99\.99"):
        regions_load(root="99.99", rows=[])


def test_names_are_written_as_people_write_them() -> None:
    assert tidy_name("33.24", "KAB. KENDAL") == "Kabupaten Kendal"
    assert tidy_name("31", "DKI JAKARTA") == "DKI Jakarta"
    assert tidy_name("33.24.15.2001", "Patukangan") == "Patukangan"
