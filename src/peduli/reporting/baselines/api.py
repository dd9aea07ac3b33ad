"""REST API of the coverage denominators and targets: the labour office
records and corrects them, the leader reads them. The baseline selectors
scope every read, the baseline services make every change; shares are
computed by Peduli, a source's printed share is only kept to be checked."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, may
from peduli.api.reading import acting_user
from peduli.regions.models import Region
from peduli.regions.selectors import instance_regency
from peduli.reporting.baselines import selectors, services
from peduli.reporting.models import InformalWorkerBaseline, Target

DISTRICTS = Region.objects.filter(level=Region.Level.DISTRICT)


class BaselineSerializer(serializers.ModelSerializer):
    regency: serializers.PrimaryKeyRelatedField[Region] = serializers.PrimaryKeyRelatedField(read_only=True)
    district: serializers.PrimaryKeyRelatedField[Region] = serializers.PrimaryKeyRelatedField(read_only=True)
    district_name = serializers.CharField(source="district.name", read_only=True, default=None)
    stated_share_pct = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False, read_only=True)

    class Meta:
        model = InformalWorkerBaseline
        fields = [
            "id", "regency", "district", "district_name", "year", "informal_workers", "source", "stated_share_pct",
            "recorded_by", "recorded_at",
        ]  # fmt: skip


class BaselineWriteSerializer(serializers.Serializer):
    district = serializers.PrimaryKeyRelatedField(
        queryset=DISTRICTS, allow_null=True, default=None, help_text="Kode kecamatan; kosong untuk seluruh kabupaten"
    )
    year = serializers.IntegerField()
    informal_workers = serializers.IntegerField()
    # The payload field "source" shadows Field.source only for the type checker (DRF pops declared fields).
    source = serializers.CharField(max_length=255)  # type: ignore[assignment]
    stated_share_pct = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True, default=None,
        help_text="Persentase yang tertulis di sumber; hanya untuk pemeriksaan",
    )  # fmt: skip


class BaselineUpdateSerializer(serializers.Serializer):
    """A recorded figure is corrected in place; another place or year is a new figure."""

    informal_workers = serializers.IntegerField()
    source = serializers.CharField(max_length=255)  # type: ignore[assignment]
    stated_share_pct = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True, default=None
    )


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField()


class WarningsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())


def _change(request: Request, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
    """The checked payload of a change, after the labour-office check."""
    if not may(request.user, Capability.EDIT_BASELINES):
        raise PermissionDenied
    payload = serializer_class(data=request.data)
    payload.is_valid(raise_exception=True)
    return dict(payload.validated_data)


class _Writable(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "put", "delete", "head", "options"]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not may(request.user, Capability.READ_BASELINES):
            raise PermissionDenied

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        row = self.get_object()
        if not may(request.user, Capability.EDIT_BASELINES):
            raise PermissionDenied
        self.remove(actor=acting_user(request), row=row)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def remove(self, *, actor: User, row: Any) -> None:
        raise NotImplementedError


class InformalWorkerBaselineViewSet(_Writable):
    """Informal workers per district (or the whole regency) and year, the
    coverage denominator. Filter with ?year=."""

    serializer_class = BaselineSerializer
    filterset_fields = ["year"]

    def get_queryset(self) -> QuerySet[InformalWorkerBaseline]:
        return selectors.baseline_queryset_for(self.request.user).order_by("-year", "district__code")

    @extend_schema(request=BaselineWriteSerializer, responses={201: BaselineSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a figure; one already recorded for the same place and year is replaced."""
        change = _change(request, BaselineWriteSerializer)
        row = services.baseline_set(actor=acting_user(request), regency=instance_regency(), **change)
        return Response(BaselineSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BaselineUpdateSerializer, responses=BaselineSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        row = self.get_object()
        change = _change(request, BaselineUpdateSerializer)
        row = services.baseline_set(
            actor=acting_user(request), regency=row.regency, district=row.district, year=row.year, **change
        )
        return Response(BaselineSerializer(row).data)

    def remove(self, *, actor: User, row: InformalWorkerBaseline) -> None:
        services.baseline_delete(actor=actor, baseline=row)

    @extend_schema(parameters=[YearSerializer], responses=WarningsSerializer)
    @action(detail=False, methods=["get"], pagination_class=None)
    def warnings(self, request: Request) -> Response:
        """What does not add up in a year's figures (shares summing to more or
        less than 100%, printed shares that are not count ÷ total, districts
        that do not add up to the regency's own row)."""
        query = YearSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data["year"]
        found = selectors.baseline_warnings(regency=instance_regency(), year=year)
        return Response(WarningsSerializer({"year": year, "warnings": found}).data)


class CoverageTargetSerializer(serializers.ModelSerializer):
    regency: serializers.PrimaryKeyRelatedField[Region] = serializers.PrimaryKeyRelatedField(read_only=True)
    coverage_pct = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False, read_only=True)

    class Meta:
        model = Target
        fields = ["id", "regency", "year", "coverage_pct", "legal_source"]


class TargetWriteSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    coverage_pct = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="0–100, misalnya 51.64")
    legal_source = serializers.CharField(max_length=255, help_text="Misalnya RPJMD Kabupaten Kendal 2025–2029")


class TargetUpdateSerializer(serializers.Serializer):
    coverage_pct = serializers.DecimalField(max_digits=5, decimal_places=2)
    legal_source = serializers.CharField(max_length=255)


class TargetViewSet(_Writable):
    """Coverage targets by year, with the plan that sets them (RPJMD, RPJPD)."""

    serializer_class = CoverageTargetSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Target]:
        return selectors.target_queryset_for(self.request.user).order_by("year")

    @extend_schema(request=TargetWriteSerializer, responses={201: CoverageTargetSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a target; one already set for the year is replaced."""
        change = _change(request, TargetWriteSerializer)
        target = services.target_set(actor=acting_user(request), regency=instance_regency(), **change)
        return Response(CoverageTargetSerializer(target).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TargetUpdateSerializer, responses=CoverageTargetSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        target = self.get_object()
        change = _change(request, TargetUpdateSerializer)
        target = services.target_set(actor=acting_user(request), regency=target.regency, year=target.year, **change)
        return Response(CoverageTargetSerializer(target).data)

    def remove(self, *, actor: User, row: Target) -> None:
        services.target_delete(actor=actor, target=row)
