"""REST API of the import engine: upload a file of any kind, poll its check,
confirm it, resume it, download its rejected rows or an empty template."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from peduli.accounts.models import User
from peduli.api.parsers import FormParser, JSONParser, JSONTextField, MultiPartParser
from peduli.core.errors import ApplicationError
from peduli.core.models import AccessLog
from peduli.core.personal_data import personal_data_note
from peduli.core.responses import XLSX, xlsx_response
from peduli.imports.exports import rejected_rows_xlsx, template_xlsx
from peduli.imports.models import CORRECTION_REASON_LONGEST, ImportBatch
from peduli.imports.progress import batch_is_stale, progress_get
from peduli.imports.registry import SPECS, spec_for
from peduli.imports.selectors import import_batch_queryset_for
from peduli.imports.services import (
    import_as_correction,
    import_confirm,
    import_discard,
    import_resume,
    import_start,
)

XLSX_RESPONSE = {(200, XLSX): OpenApiTypes.BINARY}


class ImportBatchSerializer(serializers.ModelSerializer):
    accepted_count = serializers.IntegerField(read_only=True)
    is_finished = serializers.BooleanField(read_only=True)
    stage = serializers.SerializerMethodField()
    percent = serializers.SerializerMethodField()
    stale = serializers.SerializerMethodField()

    class Meta:
        model = ImportBatch
        fields = [
            "id", "kind", "original_name", "created_at", "finished_at", "dry_run", "confirms", "status",
            "is_finished", "stage", "percent", "headers", "mapping", "total_rows", "accepted_count", "created_count",
            "updated_count", "unchanged_count", "rejected_count", "duplicate_count", "preview", "changes",
            "correction_reason", "error", "attempts", "interrupted", "stale",
        ]  # fmt: skip

    def get_stage(self, batch: ImportBatch) -> str:
        """check, write or done while running; empty before the first beat."""
        if batch.status == ImportBatch.Status.DONE:
            return "done"
        progress = progress_get(batch.pk)
        return progress.stage if progress else ""

    def get_stale(self, batch: ImportBatch) -> bool:
        """Still "running", but its run has been silent too long: its worker died."""
        return batch_is_stale(batch)

    def get_percent(self, batch: ImportBatch) -> int:
        if batch.status == ImportBatch.Status.DONE:
            return 100
        progress = progress_get(batch.pk)
        return progress.percent if progress else 0


class ImportUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=sorted(SPECS))
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=True)
    mapping = JSONTextField(required=False, default=None, help_text='Pemetaan kolom: {"judul kolom berkas": "field"}')
    correction_reason = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=CORRECTION_REASON_LONGEST,
        help_text="Diisi: impor koreksi data (hanya kind workers) dengan alasan ini; nama pekerja terverifikasi "
        "ikut diperbarui dan alasannya dicatat di riwayat.",
    )  # fmt: skip

    def validate_mapping(self, value: Any) -> dict[str, str] | None:
        if value is None:
            return None
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise serializers.ValidationError(_("Pemetaan kolom harus berupa objek JSON teks ke teks."))
        return value


class CorrectionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=CORRECTION_REASON_LONGEST)


class TemplateQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=sorted(SPECS))


def _actor(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)  # IsAuthenticated is the default permission
    return user


class ImportBatchViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """File imports of any kind: upload (checked in the background), poll,
    confirm a dry run, resume an interrupted run or discard it."""

    serializer_class = ImportBatchSerializer
    parser_classes = [MultiPartParser]

    def get_queryset(self) -> QuerySet[ImportBatch]:
        return import_batch_queryset_for(self.request.user)

    @extend_schema(request={"multipart/form-data": ImportUploadSerializer}, responses={202: ImportBatchSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The kind is in the body; before reading it, refuse a caller who may import no kind at all.
        actor = _actor(request)
        if not any(spec_for(kind).may_import(actor) for kind in SPECS):
            raise ApplicationError(_("Anda tidak berwenang mengimpor berkas."), code="forbidden")
        payload = ImportUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        batch = import_start(
            actor=actor,
            kind=payload.validated_data["kind"],
            uploaded_file=payload.validated_data["file"],
            dry_run=payload.validated_data["dry_run"],
            mapping=payload.validated_data["mapping"],
            correction_reason=payload.validated_data["correction_reason"],
        )
        batch.refresh_from_db()
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={202: ImportBatchSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        """Import for real the file of a finished dry run; returns the new batch."""
        real = import_confirm(actor=_actor(request), batch=self.get_object())
        real.refresh_from_db()
        return Response(ImportBatchSerializer(real).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=CorrectionSerializer, responses={202: ImportBatchSerializer})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def correct(self, request: Request, pk: str | None = None) -> Response:
        """Check the batch's file again as a "koreksi data" batch with this reason; returns the new dry run."""
        payload = CorrectionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        again = import_as_correction(
            actor=_actor(request), batch=self.get_object(), reason=payload.validated_data["reason"]
        )
        again.refresh_from_db()
        return Response(ImportBatchSerializer(again).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={202: ImportBatchSerializer})
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: str | None = None) -> Response:
        """Queue again a batch whose run was interrupted."""
        batch = import_resume(actor=_actor(request), batch=self.get_object())
        batch.refresh_from_db()
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={200: ImportBatchSerializer})
    @action(detail=True, methods=["post"])
    def discard(self, request: Request, pk: str | None = None) -> Response:
        """Give up a batch that did not finish; its stored file is deleted."""
        batch = import_discard(actor=_actor(request), batch=self.get_object())
        return Response(ImportBatchSerializer(batch).data)

    @extend_schema(responses=XLSX_RESPONSE)
    @action(detail=True, methods=["get"])
    def rejected(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The rows the batch refused, as uploaded, with a "Keterangan" column."""
        batch = self.get_object()
        if not batch.is_finished:
            raise ApplicationError(_("Impor ini belum selesai diperiksa."))
        personal_data_note(action=AccessLog.Action.EXPORT, subject="import_rejected_rows", object_id=batch.pk,
            row_count=batch.rejected_count,
        )  # fmt: skip
        return xlsx_response(rejected_rows_xlsx(spec_for(batch.kind), batch), filename=f"baris-ditolak-{batch.pk}.xlsx")

    @extend_schema(
        parameters=[OpenApiParameter("kind", str, enum=sorted(SPECS), required=True)], responses=XLSX_RESPONSE
    )
    @action(detail=False, methods=["get"])
    def template(self, request: Request) -> HttpResponse:
        """The empty template of a kind of import."""
        query = TemplateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        kind = query.validated_data["kind"]
        return xlsx_response(template_xlsx(spec_for(kind), _actor(request)), filename=f"templat-{kind}.xlsx")
