"""The demo's own map: Kendal's real outlines, loaded by `peduli demo`
through the upload's service, so a newcomer's dashboard draws the
choropleth without anyone uploading a file."""

from django.db.models import Count

from peduli.accounts.models import User
from peduli.demo.boundaries import SOURCE
from peduli.regions.models import Boundary, Region
from tests.support.clients import client_for


def test_the_demo_loads_kendals_20_district_and_286_village_outlines_with_their_source(demo: str, db: None) -> None:
    assert "batas kecamatan dan desa untuk peta" in demo
    counts = dict(Boundary.objects.values_list("region__level").annotate(n=Count("pk")))
    assert counts == {Region.Level.DISTRICT: 20, Region.Level.VILLAGE: 286}
    assert set(Boundary.objects.values_list("source", flat=True)) == {SOURCE}
    assert "MIT" in SOURCE
    # Every district and village of the regency has its outline.
    assert not Region.objects.filter(code__startswith="33.24.", boundary__isnull=True).exists()


def test_the_newcomers_dashboard_shows_the_map(demo: str, db: None) -> None:
    page = client_for(User.objects.get(username="bupati")).get("/laporan/").content.decode()
    assert 'id="places-map"' in page and "Peta tampil setelah batas wilayah" not in page
