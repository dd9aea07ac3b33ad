from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from peduli.accounts.roles import Capability, require_role
from peduli.api.parsers import FormParser, JSONParser, MultiPartParser
from peduli.api.reading import acting_user
from peduli.regions.boundaries import LOAD_REFUSED, boundaries_load, geojson_read
from peduli.regions.filters import RegionFilter
from peduli.regions.models import Region
from peduli.regions.selectors import LEVELS, boundaries_feature_collection, level_parse, region_queryset_for


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


# Outlines --------------------------------------------------------------------

GEOJSON_SCHEMA = {
    "type": "object",
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": {"type": "object"}},
    },
}


class BoundaryLoadSerializer(serializers.Serializer):
    """A GeoJSON FeatureCollection either as JSON (`geojson`) or as an uploaded file (`file`)."""

    geojson = serializers.JSONField(required=False, help_text="GeoJSON FeatureCollection; properti code tiap fitur")
    file = serializers.FileField(required=False, help_text="atau berkas .geojson (multipart)")
    # The payload field "source" shadows Field.source only for the type checker (DRF pops declared fields).
    source = serializers.CharField(max_length=255, help_text="Sumber data batas wilayah")  # type: ignore[assignment]


class BoundaryLoadResultSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_level = serializers.DictField(
        child=serializers.IntegerField(), help_text="jumlah per tingkat (3 kecamatan, 4 desa)"
    )


class BoundaryViewSet(viewsets.ViewSet):
    """Region outlines for maps, as GeoJSON; loading them needs Disperinaker."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        parameters=[
            OpenApiParameter("level", str, enum=list(LEVELS), default="district", description="tingkat wilayah"),
            OpenApiParameter("parent", str, required=False, description="kode induk, misal 33.24.01"),
        ],
        responses={200: OpenApiResponse(GEOJSON_SCHEMA, description="GeoJSON FeatureCollection")},
    )
    def list(self, request: Request) -> Response:
        level = level_parse(request.query_params.get("level", "district"))
        collection = boundaries_feature_collection(
            request.user, level=level, parent_code=request.query_params.get("parent", "").strip()
        )
        return Response(collection)

    @extend_schema(request=BoundaryLoadSerializer, responses={201: BoundaryLoadResultSerializer})
    def create(self, request: Request) -> Response:
        # The role first: a caller who may not load outlines is refused
        # before a byte of the body is read or parsed.
        require_role(acting_user(request), Capability.LOAD_BOUNDARIES, LOAD_REFUSED)
        payload = BoundaryLoadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data.get("file")
        geojson = geojson_read(upload.read()) if upload else payload.validated_data.get("geojson")
        result = boundaries_load(actor=acting_user(request), geojson=geojson, source=payload.validated_data["source"])
        return Response(BoundaryLoadResultSerializer(result).data, status=status.HTTP_201_CREATED)
