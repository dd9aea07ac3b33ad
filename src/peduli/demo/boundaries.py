"""The demo's own map: the real outlines of Kendal's 20 districts and 286
villages, shipped with the package (data/README.md gives their source and
licence), loaded through the service the upload page and `load_boundaries`
use, so a newcomer's dashboard draws the choropleth."""

from pathlib import Path

from peduli.accounts.models import User
from peduli.regions.boundaries import boundaries_load, geojson_read

DATA = Path(__file__).resolve().parent / "data"
FILES = ("kendal-districts.geojson", "kendal-villages.geojson")
SOURCE = "cahyadsn/wilayah_boundaries (lisensi MIT, © 2024 cahya dsn)"


def demo_boundaries_load(*, actor: User | None) -> int:
    """Load the shipped outlines, districts then villages; the number loaded."""
    loaded = 0
    for name in FILES:
        geojson = geojson_read((DATA / name).read_bytes())
        loaded += boundaries_load(actor=actor, geojson=geojson, source=SOURCE).total
    return loaded
