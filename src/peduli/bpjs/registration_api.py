"""REST API of the registration exchange: batches (list, create, retrieve,
their workers, the xlsx) and the file layout's versions. BPJS's answer file
goes through the import API (`POST /api/v1/imports/`, kind
"bpjs_registration_answers")."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from peduli.api.reading import acting_user
from peduli.bpjs.models import RegistrationBatch, RegistrationEntry, RegistrationTemplate
from peduli.bpjs.registration import registration_batch_create, registration_template_save
from peduli.bpjs.registration_export import registration_batch_filename, registration_batch_xlsx
from peduli.bpjs.registration_fields import FIELDS
from peduli.bpjs.registration_selectors import (
    registration_batch_queryset_for,
    registration_entry_queryset_for,
    registration_template_queryset_for,
)
from peduli.core.models import AccessLog
from peduli.core.personal_data import personal_data_note
from peduli.core.responses import XLSX, xlsx_response


class TemplateColumnSerializer(serializers.Serializer):
    header = serializers.CharField(allow_blank=True, help_text="Judul kolom di berkas")
    field = serializers.CharField(allow_blank=True, help_text="Kunci isian (lihat /fields/)")


class RegistrationTemplateSerializer(serializers.ModelSerializer):
    columns = TemplateColumnSerializer(many=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)

    class Meta:
        model = RegistrationTemplate
        fields = ["id", "version", "name", "columns", "active", "note", "created_by", "created_at"]
        read_only_fields = ["id", "version", "active", "created_by", "created_at"]


class RegistrationFieldSerializer(serializers.Serializer):
    key = serializers.CharField()
    # The payload field "label" shadows Field.label only for the type checker (DRF pops declared fields).
    label = serializers.CharField()  # type: ignore[assignment]
    text = serializers.BooleanField(help_text="Ditulis sebagai teks (nomor identitas, kode)")


class RegistrationTemplateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Versions of the registration file's column layout; creating one saves
    a new version (batches keep the version they were written with)."""

    serializer_class = RegistrationTemplateSerializer

    def get_queryset(self) -> QuerySet[RegistrationTemplate]:
        return registration_template_queryset_for(self.request.user)

    @extend_schema(request=RegistrationTemplateSerializer, responses={201: RegistrationTemplateSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = RegistrationTemplateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        template = registration_template_save(
            actor=acting_user(request), columns=[dict(column) for column in data["columns"]], name=data["name"],
            note=data.get("note", ""),
        )  # fmt: skip
        return Response(RegistrationTemplateSerializer(template).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=RegistrationFieldSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def fields(self, request: Request) -> Response:
        """The field keys a column may carry."""
        rows = [{"key": f.key, "label": str(f.label), "text": f.text} for f in FIELDS.values()]
        return Response(RegistrationFieldSerializer(rows, many=True).data)


class RegistrationBatchSerializer(serializers.ModelSerializer):
    template_version = serializers.IntegerField(source="template.version", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)
    sent_count = serializers.IntegerField(read_only=True, help_text="Menunggu jawaban BPJS")
    registered_count = serializers.IntegerField(read_only=True)
    rejected_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = RegistrationBatch
        fields = [
            "id", "regency", "template", "template_version", "worker_count", "sent_count", "registered_count",
            "rejected_count", "created_by", "created_at",
        ]  # fmt: skip


class RegistrationBatchCreateSerializer(serializers.Serializer):
    regency = serializers.CharField(required=False, help_text="Kode kabupaten/kota; bawaan: wilayah instansi ini")
    limit = serializers.IntegerField(required=False, min_value=1, help_text="Jumlah pekerja paling banyak")


class RegistrationEntrySerializer(serializers.ModelSerializer):
    nik = serializers.CharField(source="worker.nik", read_only=True)
    name = serializers.CharField(source="worker.name", read_only=True)

    class Meta:
        model = RegistrationEntry
        fields = ["id", "worker", "nik", "name", "status", "kpj", "membership_start", "rejection_reason",
                  "responded_at"]  # fmt: skip


class RegistrationBatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Bulk registration files sent to BPJS Ketenagakerjaan, with how many of
    their workers BPJS registered, rejected, or has not answered yet."""

    serializer_class = RegistrationBatchSerializer

    def get_queryset(self) -> QuerySet[RegistrationBatch]:
        return registration_batch_queryset_for(self.request.user)

    @extend_schema(request=RegistrationBatchCreateSerializer, responses={201: RegistrationBatchSerializer})
    def create(self, request: Request) -> Response:
        """A new batch of every eligible worker (verified, sponsored this
        month, no KPJ, not sent yet), or the first `limit` of them."""
        payload = RegistrationBatchCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        batch = registration_batch_create(
            actor=acting_user(request), regency_code=payload.validated_data.get("regency"),
            limit=payload.validated_data.get("limit"),
        )  # fmt: skip
        return Response(
            RegistrationBatchSerializer(self.get_queryset().get(pk=batch.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses=RegistrationEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def entries(self, request: Request, pk: str | None = None) -> Response:
        """The batch's workers and BPJS's answer for each."""
        batch = self.get_object()
        entries = registration_entry_queryset_for(request.user).filter(batch=batch).order_by("pk")
        page = self.paginate_queryset(entries)
        personal_data_note(action=AccessLog.Action.API_READ, subject="bpjs_registration_entries",
            object_id=batch.pk, row_count=len(page or []),
        )  # fmt: skip
        return self.get_paginated_response(RegistrationEntrySerializer(page, many=True).data)

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The registration file (xlsx) in the batch's template version."""
        batch = self.get_object()
        personal_data_note(action=AccessLog.Action.EXPORT, subject="bpjs_registration_batch", object_id=batch.pk,
            row_count=batch.worker_count,
        )  # fmt: skip
        return xlsx_response(registration_batch_xlsx(batch), filename=registration_batch_filename(batch))
