"""Reads of the region tree. Regions are public reference data (Kemendagri
codes, no personal data), so every logged-in role sees all of them."""

import re
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peduli.accounts.models import User
from peduli.accounts.roles import as_user
from peduli.core.errors import ApplicationError
from peduli.regions.models import Boundary, Region
from peduli.regions.scoping import instance_root_code


def region_queryset_for(user: User | AnonymousUser) -> QuerySet[Region]:
    regions = Region.objects.select_related("parent")
    return regions.all() if as_user(user) is not None else regions.none()


def instance_region_code() -> str:
    """The code of the region this instance serves ("" for the nation)."""
    return instance_root_code()


def instance_regency() -> Region:
    """The regency this instance serves, refused until its regions are loaded."""
    code = instance_region_code()
    regency = Region.objects.filter(code=code, level=Region.Level.REGENCY).first()
    if regency is None:
        raise ApplicationError(
            _("Kabupaten/kota instansi (%(code)s) belum dimuat. Jalankan: peduli load_regions --regency %(code)s")
            % {"code": code or "-"}
        )
    return regency


def instance_regions(level: Region.Level) -> QuerySet[Region]:
    """The instance's regions of one level, by name (every one for a national instance)."""
    regions = Region.objects.filter(level=level).order_by("name")
    root = instance_region_code()
    return regions.filter(code__startswith=f"{root}.") if root else regions


def work_regions() -> QuerySet[Region]:
    """The provinces and regencies within the instance's region, by code: where
    an account may work (`User.region`); none for a regency's own instance."""
    root = instance_region_code()
    regions = Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.REGENCY]).order_by("code")
    return regions.filter(code__startswith=f"{root}.") if root else regions


# A village's code at the end of what was typed in a village field: the code
# alone, or a suggestion as `village_label` writes it.
VILLAGE_CODE = re.compile(r"(\d{2}\.\d{2}\.\d{2}\.\d{4})\)?\s*$")
SUGGESTIONS = 20
VILLAGE_AMBIGUOUS = gettext_lazy(
    "Ada lebih dari satu desa bernama %(name)s; pilih dari daftar (nama kecamatannya ikut tertulis)."
)


def village_label(village: Region) -> str:
    """A village as village fields suggest and show it: "Bandengan, Kec. Kendal (33.24.15.1019)"."""
    district = village.parent.label if village.parent else ""
    return f"{village.name}, {district} ({village.code})" if district else f"{village.name} ({village.code})"


def villages_matching(villages: QuerySet[Region], text: str) -> list[Region]:
    """At most SUGGESTIONS of `villages` for what was typed in a village field:
    the one whose code it ends with, else those whose name contains it or
    whose code starts with it, by name. Nothing for fewer than 2 characters."""
    text = text.strip()
    villages = villages.select_related("parent")
    if found := VILLAGE_CODE.search(text):
        return list(villages.filter(code=found.group(1)))
    if len(text) < 2:
        return []
    matching = villages.filter(Q(name__icontains=text) | Q(code__startswith=text))
    return list(matching.order_by("name", "code")[:SUGGESTIONS])


def village_code_typed(villages: QuerySet[Region], text: str) -> tuple[str | None, int]:
    """The code of the village typed in a village field: the one the text ends
    with, else that of the one village of `villages` with the typed name.
    With no code, how many villages bear that name (0, or 2 for "more")."""
    if found := VILLAGE_CODE.search(text):
        return found.group(1), 1
    named = list(villages.filter(name__iexact=text.strip()).values_list("code", flat=True)[:2])
    return (named[0], 1) if len(named) == 1 else (None, len(named))


def district_codes() -> set[str]:
    """Every district (kecamatan) code of the national list: the first six
    digits of a NIK name one, wherever the holder now lives."""
    return set(Region.objects.filter(level=Region.Level.DISTRICT).values_list("code", flat=True))


# Outlines --------------------------------------------------------------------

LEVELS = {"district": Region.Level.DISTRICT, "village": Region.Level.VILLAGE, "regency": Region.Level.REGENCY}


def level_parse(text: str) -> Region.Level:
    """`district`, `village` or `regency` (as the API and the maps name them)."""
    try:
        return LEVELS[text]
    except KeyError:
        raise ApplicationError(
            _("Tingkat wilayah harus salah satu dari: %(levels)s.") % {"levels": ", ".join(LEVELS)}, field="level"
        ) from None


def boundaries_feature_collection(
    user: User | AnonymousUser, *, level: Region.Level, parent_code: str = ""
) -> dict[str, Any]:
    """The outlines of the instance's regions of one level (under `parent_code`
    when given) as a GeoJSON FeatureCollection whose features carry `code`,
    `name` and `level`. Outlines are public reference data, like the tree."""
    regions = region_queryset_for(user).filter(level=level, boundary__isnull=False)
    root = parent_code or instance_region_code()
    if root:
        regions = regions.filter(code__startswith=root + ".")
    rows = regions.order_by("code").values_list("code", "name", "boundary__geometry")
    name = {value: label for label, value in LEVELS.items()}[level]
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"code": code, "name": label, "level": name}, "geometry": geometry}
            for code, label, geometry in rows
        ],
    }


def boundaries_exist(*, level: Region.Level, parent_code: str = "") -> bool:
    """Whether any outline of that level is loaded (under `parent_code`), so a
    page shows its map only when there is something to draw."""
    root = parent_code or instance_region_code()
    regions = Boundary.objects.filter(region__level=level)
    return (regions.filter(region__code__startswith=root + ".") if root else regions).exists()


def boundary_summary() -> list[dict[str, Any]]:
    """Per level: how many regions of the instance have an outline, out of how
    many, and when and from what source the latest were loaded."""
    root = instance_region_code()
    regions = Region.objects.filter(code__startswith=root + ".") if root else Region.objects.all()
    rows = (
        regions.filter(level__in=[Region.Level.DISTRICT, Region.Level.VILLAGE])
        .values("level")
        .annotate(total=Count("code"), loaded=Count("boundary"), loaded_at=Max("boundary__loaded_at"))
        .order_by("level")
    )
    latest = Boundary.objects.order_by("-loaded_at").values_list("source", flat=True)
    return [
        {
            **row,
            "label": Region.Level(row["level"]).label,
            "source": latest.filter(region__level=row["level"]).first() or "",
        }
        for row in rows
    ]
