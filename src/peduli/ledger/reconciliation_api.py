"""REST API of the reconciliation with BPJS: a remittance's totals against
BPJS's current statement (GET /remittances/{id}/reconciliation/), importing
BPJS's file for it (POST …/reconciliation/import/), and the differences, listed
and resolved (/reconciliation-differences/). The reconciliation selectors
scope every read, its services make every change."""

from typing import Any

from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from peduli.accounts.roles import Capability, require_role
from peduli.api.parsers import MultiPartParser
from peduli.api.reading import MonthField, acting_user
from peduli.api.searching import PostedSearchMixin
from peduli.ledger import reconciliation
from peduli.ledger.models import ReconciliationDifference, RemittanceStatement
from peduli.ledger.reconciliation_filters import DifferenceApiFilter
from peduli.ledger.reconciliation_selectors import Reconciliation, difference_queryset_for, reconciliation_for
from peduli.ledger.selectors import remittance_get_for


class RemittanceStatementSerializer(serializers.ModelSerializer):
    imported_by = serializers.CharField(source="imported_by.username", read_only=True, default=None)

    class Meta:
        model = RemittanceStatement
        fields = ["id", "file_name", "line_count", "billed_amount", "confirmed_amount", "imported_by", "imported_at"]


class ReconciliationKindCountSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="not_confirmed, not_owed atau amount")
    # The payload field "label" shadows Field.label only for the type checker (DRF pops declared fields).
    label = serializers.CharField()  # type: ignore[assignment]
    open = serializers.IntegerField(help_text="Belum diselesaikan")
    total = serializers.IntegerField()


class ReconciliationSerializer(serializers.Serializer):
    remittance = serializers.IntegerField(source="remittance.pk")
    month = MonthField(source="remittance.month")
    due_count = serializers.IntegerField(source="remittance.due_count")
    ours = serializers.IntegerField(help_text="Disetor (Rp)")
    billed = serializers.IntegerField(help_text="Ditagih BPJS (Rp)")
    confirmed = serializers.IntegerField(help_text="Dikonfirmasi BPJS (Rp)")
    unconfirmed = serializers.IntegerField(help_text="Disetor dikurangi dikonfirmasi (Rp)")
    open = serializers.IntegerField(help_text="Selisih belum diselesaikan")
    total = serializers.IntegerField(help_text="Semua selisih berkas BPJS terbaru")
    statement = RemittanceStatementSerializer(allow_null=True, help_text="Berkas BPJS terbaru; null bila belum ada")
    kinds = serializers.SerializerMethodField()

    @extend_schema_field(ReconciliationKindCountSerializer(many=True))
    def get_kinds(self, report: Reconciliation) -> list[dict[str, Any]]:
        return [{"kind": k, "label": label, "open": n_open, "total": n_all} for k, label, n_open, n_all in report.kinds]


class RemittanceStatementUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Berkas BPJS: .xlsx, .xls, .ods atau .csv")


class RemittanceStatementImportSerializer(serializers.Serializer):
    created = serializers.BooleanField(
        help_text="false: isi berkas sama dengan yang sudah diimpor, tidak ada perubahan"
    )
    differences = serializers.IntegerField(help_text="Selisih belum diselesaikan")
    reconciliation = ReconciliationSerializer()


class RemittanceReconciliationViewSet(viewsets.GenericViewSet):
    """A remittance against what BPJS billed and confirmed for it."""

    serializer_class = ReconciliationSerializer
    parser_classes = [MultiPartParser]
    pagination_class = None
    filter_backends: list[Any] = []

    @extend_schema(responses=ReconciliationSerializer)
    def retrieve(self, request: Request, remittance_pk: int) -> Response:
        """The totals (ours, billed, confirmed) and the differences counted by kind."""
        remittance = remittance_get_for(request.user, remittance_pk)
        return Response(ReconciliationSerializer(reconciliation_for(request.user, remittance)).data)

    @extend_schema(
        request={"multipart/form-data": RemittanceStatementUploadSerializer},
        responses={201: RemittanceStatementImportSerializer, 200: RemittanceStatementImportSerializer},
    )
    def import_statement(self, request: Request, remittance_pk: int) -> Response:
        """Import BPJS's billing and confirmation file and record every
        difference; 200 and nothing changed when its lines were already imported.
        A file with bad rows is refused whole (400, every bad row in `file`)."""
        remittance = remittance_get_for(request.user, remittance_pk)
        require_role(acting_user(request), Capability.IMPORT_STATEMENTS)  # before the body is read
        payload = RemittanceStatementUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        done = reconciliation.remittance_statement_import(
            actor=acting_user(request), remittance=remittance, file_name=upload.name, content=upload.read()
        )
        data = {
            "created": done.created,
            "differences": done.differences,
            "reconciliation": reconciliation_for(request.user, remittance),
        }
        code = status.HTTP_201_CREATED if done.created else status.HTTP_200_OK
        return Response(RemittanceStatementImportSerializer(data).data, status=code)


remittance_reconciliation_urls = [
    path(
        "remittances/<int:remittance_pk>/reconciliation/",
        RemittanceReconciliationViewSet.as_view({"get": "retrieve"}),
        name="remittance-reconciliation",
    ),
    path(
        "remittances/<int:remittance_pk>/reconciliation/import/",
        RemittanceReconciliationViewSet.as_view({"post": "import_statement"}),
        name="remittance-reconciliation-import",
    ),
]


class ReconciliationDifferenceSerializer(serializers.ModelSerializer):
    month = MonthField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    worker_name = serializers.CharField(source="worker.name", read_only=True, default=None)
    resolved = serializers.BooleanField(source="is_resolved", read_only=True)
    resolved_by = serializers.CharField(source="resolved_by.username", read_only=True, default=None)

    class Meta:
        model = ReconciliationDifference
        fields = [
            "id", "remittance", "month", "kind", "kind_label", "worker", "worker_name", "nik", "kpj", "our_amount",
            "billed_amount", "confirmed_amount", "resolved", "resolved_by", "resolved_at", "resolution_note",
        ]  # fmt: skip


class ReconciliationResolveSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, max_length=2000, help_text="Bagaimana selisih diselesaikan")


class ReconciliationDifferenceViewSet(
    PostedSearchMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Differences between remittances and BPJS's current statements."""

    serializer_class = ReconciliationDifferenceSerializer
    filterset_class = DifferenceApiFilter

    def get_queryset(self) -> QuerySet[ReconciliationDifference]:
        return difference_queryset_for(self.request.user).order_by("remittance_id", "kind", "nik", "kpj", "month")

    @extend_schema(request=ReconciliationResolveSerializer, responses=ReconciliationDifferenceSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def resolve(self, request: Request, pk: str | None = None) -> Response:
        """The labour office settled the difference: how, in a note."""
        payload = ReconciliationResolveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        difference = reconciliation.reconciliation_difference_resolve(
            actor=acting_user(request), difference=self.get_object(), note=payload.validated_data["note"]
        )
        return Response(ReconciliationDifferenceSerializer(self.get_queryset().get(pk=difference.pk)).data)
