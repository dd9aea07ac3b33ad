"""REST API of agencies, civil servants and roster imports: the same selectors
scope every query, the same services make every change."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from peduli.accounts.roles import Capability, may
from peduli.agencies import selectors, services
from peduli.agencies.exports import civil_servants_xlsx
from peduli.agencies.filters import AgencyFilter, CivilServantFilter
from peduli.agencies.importing import CIVIL_SERVANT_IMPORT
from peduli.agencies.models import Agency, CivilServant
from peduli.api.reading import DateField, acting_user
from peduli.api.searching import PostedSearchMixin
from peduli.core.models import AccessLog
from peduli.core.personal_data import personal_data_note
from peduli.core.responses import xlsx_response
from peduli.imports.api import ImportBatchSerializer, ImportBatchViewSet
from peduli.imports.models import ImportBatch
from peduli.imports.services import import_start
from peduli.regions.models import Region

DISTRICTS = Region.objects.filter(level=Region.Level.DISTRICT)
VILLAGES = Region.objects.filter(level=Region.Level.VILLAGE)


class AgencySerializer(serializers.ModelSerializer):
    district: serializers.PrimaryKeyRelatedField[Region] = serializers.PrimaryKeyRelatedField(read_only=True)
    regency: serializers.PrimaryKeyRelatedField[Region] = serializers.PrimaryKeyRelatedField(read_only=True)
    active_civil_servants = serializers.IntegerField(read_only=True, help_text="ASN aktif hari ini")

    class Meta:
        model = Agency
        fields = [
            "id", "code", "name", "short_name", "kind", "regency", "district", "valid_from", "valid_until",
            "active_civil_servants",
        ]  # fmt: skip


class AgencyCreateSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=200)
    short_name = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    kind = serializers.ChoiceField(choices=Agency.Kind.choices)
    district = serializers.PrimaryKeyRelatedField(queryset=DISTRICTS, required=False, allow_null=True, default=None)
    valid_from = DateField()


class AgencyUpdateSerializer(serializers.Serializer):
    short_name = serializers.CharField(max_length=40, allow_blank=True)
    kind = serializers.ChoiceField(choices=Agency.Kind.choices)
    district = serializers.PrimaryKeyRelatedField(queryset=DISTRICTS, allow_null=True)
    valid_until = DateField(allow_null=True)


class AgencyRenameSerializer(serializers.Serializer):
    new_name = serializers.CharField(max_length=200)
    effective = DateField()


def _require(request: Request, allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


class AgencyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Agencies (OPD) the caller may see. Changes: labour-office admins only."""

    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self) -> QuerySet[Agency]:
        # With the count the list pages show, so the API sorts by it too.
        return selectors.agency_list_with_counts(self.request.user)

    @extend_schema(request=AgencyCreateSerializer, responses={201: AgencySerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _require(request, may(request.user, Capability.MANAGE_AGENCIES))
        payload = AgencyCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        agency = services.agency_create(actor=request.user, **payload.validated_data)  # type: ignore[arg-type]
        return Response(AgencySerializer(agency).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AgencyUpdateSerializer, responses=AgencySerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agency = self.get_object()
        _require(request, may(request.user, Capability.MANAGE_AGENCIES))
        payload = AgencyUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        agency = services.agency_update(actor=request.user, agency=agency, **payload.validated_data)  # type: ignore[arg-type]
        return Response(AgencySerializer(agency).data)

    @extend_schema(request=AgencyRenameSerializer, responses=AgencySerializer)
    @action(detail=True, methods=["post"])
    def rename(self, request: Request, pk: str | None = None) -> Response:
        agency = self.get_object()
        _require(request, may(request.user, Capability.MANAGE_AGENCIES))
        payload = AgencyRenameSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        agency = services.agency_rename(actor=request.user, agency=agency, **payload.validated_data)  # type: ignore[arg-type]
        return Response(AgencySerializer(agency).data)


class CivilServantSerializer(serializers.ModelSerializer):
    agency: serializers.PrimaryKeyRelatedField[Agency] = serializers.PrimaryKeyRelatedField(read_only=True)
    agency_code = serializers.CharField(source="agency.code", read_only=True)
    home_village: serializers.PrimaryKeyRelatedField[Region] = serializers.PrimaryKeyRelatedField(read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = CivilServant
        fields = [
            "id", "nip", "name", "sex", "birth_date", "employment_type", "agency", "agency_code", "unit", "rank",
            "position", "phone", "email", "home_village", "service_start", "service_end", "end_reason", "is_active",
        ]  # fmt: skip


class CivilServantWriteSerializer(serializers.Serializer):
    nip = serializers.CharField(max_length=24)
    name = serializers.CharField(max_length=150)
    sex = serializers.ChoiceField(choices=CivilServant.Sex.choices)
    birth_date = DateField()
    employment_type = serializers.ChoiceField(choices=CivilServant.EmploymentType.choices)
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    unit = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    rank = serializers.CharField(max_length=8, required=False, default="", allow_blank=True)
    position = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, default="", allow_blank=True)
    home_village = serializers.PrimaryKeyRelatedField(queryset=VILLAGES, required=False, allow_null=True, default=None)
    service_start = DateField(required=False, allow_null=True, default=None)

    def to_data(self) -> services.CivilServantData:
        return services.CivilServantData(**self.validated_data)


class CivilServantEndSerializer(serializers.Serializer):
    on = DateField()
    reason = serializers.ChoiceField(choices=CivilServant.EndReason.choices)


class CivilServantViewSet(
    PostedSearchMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Civil servants (ASN) the caller may see; reads are logged as access to
    personal data (core.personal_data)."""

    serializer_class = CivilServantSerializer
    filterset_class = CivilServantFilter
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self) -> QuerySet[CivilServant]:
        return selectors.civil_servant_queryset_for(self.request.user)

    @extend_schema(request=CivilServantWriteSerializer, responses={201: CivilServantSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _require(request, may(request.user, Capability.MANAGE_ROSTER))
        payload = CivilServantWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        person = services.civil_servant_create(actor=request.user, data=payload.to_data())  # type: ignore[arg-type]
        return Response(CivilServantSerializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CivilServantWriteSerializer, responses=CivilServantSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        _require(request, may(request.user, Capability.MANAGE_ROSTER))
        payload = CivilServantWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        person = services.civil_servant_update(actor=request.user, civil_servant=person, data=payload.to_data())  # type: ignore[arg-type]
        return Response(CivilServantSerializer(person).data)

    @extend_schema(request=CivilServantEndSerializer, responses=CivilServantSerializer)
    @action(detail=True, methods=["post"], url_path="end-service")
    def end_service(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        _require(request, may(request.user, Capability.MANAGE_ROSTER))
        payload = CivilServantEndSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        person = services.civil_servant_end_service(actor=request.user, civil_servant=person, **payload.validated_data)  # type: ignore[arg-type]
        return Response(CivilServantSerializer(person).data)

    @extend_schema(
        responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY}
    )
    @action(detail=False, methods=["get"])
    def export(self, request: Request) -> HttpResponse:
        """The filtered civil servants as an xlsx file (same columns as the import template)."""
        _require(request, may(request.user, Capability.READ_ROSTER))
        people = self.filter_queryset(self.get_queryset())
        personal_data_note(
            action=AccessLog.Action.EXPORT,
            subject="civil_servant",
            row_count=people.count(),
            detail=request.GET.urlencode(),
        )
        return xlsx_response(civil_servants_xlsx(people), filename=f"data-asn-{timezone.localdate():%Y%m%d}.xlsx")


class RosterUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=True)


class RosterImportViewSet(ImportBatchViewSet):
    """Roster file imports: the import engine's batches of kind
    "civil_servants" (the same as /imports/ filtered by kind), kept under the
    address API clients know. The empty template is /imports/template/?kind=civil_servants."""

    def get_queryset(self) -> QuerySet[ImportBatch]:
        return super().get_queryset().filter(kind=CIVIL_SERVANT_IMPORT.kind)

    @extend_schema(request={"multipart/form-data": RosterUploadSerializer}, responses={202: ImportBatchSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _require(request, CIVIL_SERVANT_IMPORT.may_import(acting_user(request)))  # the role before the body is read
        payload = RosterUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        batch = import_start(
            actor=request.user,  # type: ignore[arg-type]  # authenticated: the default permission
            kind=CIVIL_SERVANT_IMPORT.kind,
            uploaded_file=payload.validated_data["file"],
            dry_run=payload.validated_data["dry_run"],
        )
        batch.refresh_from_db()
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)
