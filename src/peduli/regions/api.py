from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from peduli.regions.filters import RegionFilter
from peduli.regions.models import Region
from peduli.regions.selectors import region_queryset_for


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Kemendagri regions (province, regency, district, village)."""

    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"

    def get_queryset(self) -> QuerySet[Region]:
        return region_queryset_for(self.request.user)
