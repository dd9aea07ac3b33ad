"""Loading region outlines for the maps from a GeoJSON file an operator
supplies (reading them back: `regions.selectors`).

A file's features name their region by the property `code` (the Kemendagri
dotted code, e.g. 33.24.01); names in the file are ignored, the region tree's
names are the ones shown."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, require_role
from peduli.core.errors import ApplicationError
from peduli.core.uploads import JSONRefused, json_loads
from peduli.regions.models import Boundary, Region
from peduli.regions.selectors import instance_region_code

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
LOAD_REFUSED = gettext_lazy("Hanya Disperinaker yang memuat batas wilayah.")
# Codes listed in one refusal; a wrong file would otherwise name hundreds.
SHOWN_CODES = 5


@dataclass(frozen=True)
class BoundaryLoadResult:
    total: int
    by_level: dict[int, int]


def _refuse(message: str) -> ApplicationError:
    return ApplicationError(message, field="file")


def _position_ok(position: Any) -> bool:
    if not isinstance(position, list) or len(position) < 2:
        return False
    lon, lat = position[0], position[1]
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lon, lat))
    return numbers and -180 <= lon <= 180 and -90 <= lat <= 90


def _polygon_ok(rings: Any) -> bool:
    # A linear ring closes on itself, so it has at least four positions.
    return (
        isinstance(rings, list)
        and len(rings) > 0
        and all(isinstance(ring, list) and len(ring) >= 4 and all(map(_position_ok, ring)) for ring in rings)
    )


def _geometry(feature: Any, number: int) -> tuple[str, dict[str, Any]]:
    """The feature's region code and geometry, or a refusal naming the feature."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise _refuse(_("Fitur ke-%(n)d bukan Feature GeoJSON.") % {"n": number})
    properties = feature.get("properties") or {}
    code = str(properties.get("code") or "").strip() if isinstance(properties, dict) else ""
    if not code:
        raise _refuse(
            _("Fitur ke-%(n)d tidak punya properti code (kode wilayah Kemendagri, misalnya 33.24.01).") % {"n": number}
        )
    geometry = feature.get("geometry")
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in GEOMETRY_TYPES:
        raise _refuse(
            _("Fitur %(code)s: geometri harus Polygon atau MultiPolygon, bukan %(kind)s.")
            % {"code": code, "kind": kind or _("kosong")}
        )
    assert isinstance(geometry, dict)
    coordinates = geometry.get("coordinates")
    valid = (
        _polygon_ok(coordinates)
        if kind == "Polygon"
        else isinstance(coordinates, list) and len(coordinates) > 0 and all(map(_polygon_ok, coordinates))
    )
    if not valid:
        raise _refuse(
            _(
                "Fitur %(code)s: koordinat tidak sah. Setiap titik ditulis [bujur, lintang] dalam derajat WGS 84 "
                "(bujur -180..180, lintang -90..90; apakah bujur dan lintang tertukar?) dan setiap cincin "
                "poligon paling sedikit 4 titik."
            )
            % {"code": code}
        )
    return code, {"type": kind, "coordinates": coordinates}


def _shapes(geojson: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(geojson, dict) or geojson.get("type") != "FeatureCollection":
        raise _refuse(_("Berkas bukan GeoJSON FeatureCollection."))
    features = geojson.get("features")
    if not isinstance(features, list) or not features:
        raise _refuse(_("Berkas GeoJSON tidak berisi satu pun fitur."))
    shapes: dict[str, dict[str, Any]] = {}
    for number, feature in enumerate(features, start=1):
        code, geometry = _geometry(feature, number)
        if code in shapes:
            raise _refuse(_("Kode wilayah %(code)s muncul lebih dari sekali dalam berkas.") % {"code": code})
        shapes[code] = geometry
    return shapes


def _listed(codes: list[str]) -> str:
    shown = ", ".join(sorted(codes)[:SHOWN_CODES])
    more = len(codes) - SHOWN_CODES
    return shown + (_(" dan %(n)d lainnya") % {"n": more} if more > 0 else "")


@transaction.atomic
def boundaries_load(*, actor: User | None, geojson: Any, source: str) -> BoundaryLoadResult:
    """Store the outline of every region a GeoJSON FeatureCollection names,
    replacing outlines loaded before. All or nothing: a file with an unknown
    code, a region outside this instance or an invalid geometry is refused
    whole, with a message saying which feature is wrong."""
    require_role(actor, Capability.LOAD_BOUNDARIES, LOAD_REFUSED)
    source = source.strip()
    if not source:
        raise ApplicationError(_("Sebutkan sumber data batas wilayah."), field="source")
    shapes = _shapes(geojson)
    levels = dict(Region.objects.filter(code__in=shapes).values_list("code", "level"))
    unknown = [code for code in shapes if code not in levels]
    if unknown:
        raise _refuse(
            _("Kode wilayah tidak dikenal: %(codes)s. Periksa properti code atau muat wilayah Kemendagri dulu.")
            % {"codes": _listed(unknown)}
        )
    root = instance_region_code()
    outside = [code for code in shapes if root and code != root and not code.startswith(root + ".")]
    if outside:
        raise _refuse(
            _("Wilayah di luar %(root)s tidak dimuat: %(codes)s.") % {"root": root, "codes": _listed(outside)}
        )
    now = timezone.now()
    Boundary.objects.bulk_create(
        [
            Boundary(region_id=code, geometry=geometry, source=source[:255], loaded_at=now, loaded_by=actor)
            for code, geometry in shapes.items()
        ],
        update_conflicts=True,
        unique_fields=["region"],
        update_fields=["geometry", "source", "loaded_at", "loaded_by"],
    )
    by_level: dict[int, int] = {}
    for level in levels.values():
        by_level[level] = by_level.get(level, 0) + 1
    return BoundaryLoadResult(total=len(shapes), by_level=dict(sorted(by_level.items())))


def geojson_read(data: bytes) -> Any:
    """A GeoJSON file's bytes as JSON, refused in Indonesian when unreadable
    or nested deeper than any GeoJSON (`core.uploads.json_loads`); the page,
    the API's file upload and the command all read files with it."""
    try:
        return json_loads(data)
    except JSONRefused as error:
        raise _refuse(_("Berkas bukan GeoJSON yang sah (%(reason)s).") % {"reason": error.reason}) from None
