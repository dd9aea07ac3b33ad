"""Reads of the region tree. Regions are public reference data (Kemendagri
codes, no personal data), so every logged-in role sees all of them."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from peduli.accounts.models import User
from peduli.accounts.scoping import as_user
from peduli.regions.models import Region


def region_queryset_for(user: User | AnonymousUser) -> QuerySet[Region]:
    regions = Region.objects.select_related("parent")
    return regions.all() if as_user(user) is not None else regions.none()


def region_get_for(user: User | AnonymousUser, code: str) -> Region:
    return get_object_or_404(region_queryset_for(user), code=code)


def instance_region_code() -> str:
    """The code of the region this instance serves ("" for the nation)."""
    return str(settings.PEDULI_REGENCY)


def district_codes() -> set[str]:
    """Every district (kecamatan) code of the national list: the first six
    digits of a NIK name one, wherever the holder now lives."""
    return set(Region.objects.filter(level=Region.Level.DISTRICT).values_list("code", flat=True))


def region_children_with_counts(user: User | AnonymousUser, parent_code: str) -> QuerySet[Region]:
    """The children of a region, each with its number of children."""
    return region_queryset_for(user).filter(parent_id=parent_code).annotate(child_count=Count("children"))
