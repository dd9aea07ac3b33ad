"""REST API of BPJS's member lists: the members (labour office and BPJS
officers), the per-village counts (also leaders), and importing either for a
month (the same wizard steps then follow under /api/v1/imports/)."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from peduli.accounts.roles import Capability, require_role
from peduli.api.parsers import MultiPartParser
from peduli.api.reading import MonthField, acting_user
from peduli.api.searching import PostedSearchMixin
from peduli.bpjs.member_filters import MemberCountFilter, MemberFilter
from peduli.bpjs.member_selectors import member_count_queryset_for, member_queryset_for
from peduli.bpjs.member_services import member_list_import_start
from peduli.bpjs.models import Member, MemberCount
from peduli.imports.api import ImportBatchSerializer


class MemberSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="village.parent_id", read_only=True, allow_null=True)
    first_month = MonthField(read_only=True)
    last_month = MonthField(read_only=True)

    class Meta:
        model = Member
        fields = [
            "id", "nik", "kpj", "name", "village", "district", "worker", "membership_start", "first_month",
            "last_month", "updated_at",
        ]  # fmt: skip


class MemberCountSerializer(serializers.ModelSerializer):
    village_name = serializers.CharField(source="village.name", read_only=True)
    district = serializers.CharField(source="village.parent_id", read_only=True)
    month = MonthField(read_only=True)

    class Meta:
        model = MemberCount
        fields = ["id", "village", "village_name", "district", "month", "count", "source"]


class MemberImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="xlsx, xls, ods atau csv dari BPJS")
    month = MonthField(help_text="Bulan yang dilaporkan daftar ini (TTTT-BB)")
    counts = serializers.BooleanField(default=False, help_text="Berkas berisi jumlah peserta per desa")
    dry_run = serializers.BooleanField(default=True)


class MemberViewSet(PostedSearchMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Non-wage (BPU) members BPJS reported active; `bulan` keeps those active that month."""

    serializer_class = MemberSerializer
    filterset_class = MemberFilter

    def get_queryset(self) -> QuerySet[Member]:
        return member_queryset_for(self.request.user)

    @extend_schema(request={"multipart/form-data": MemberImportSerializer}, responses={202: ImportBatchSerializer})
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser],
            filterset_class=None, pagination_class=None)  # fmt: skip
    def import_list(self, request: Request) -> Response:
        """Upload BPJS's list (or per-village counts) of a month; it is checked in
        the background, then confirmed with POST /api/v1/imports/{id}/confirm/."""
        require_role(acting_user(request), Capability.KEEP_MEMBERS)  # before the body is read
        payload = MemberImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        batch = member_list_import_start(
            actor=acting_user(request), uploaded_file=data["file"], month=data["month"], counts=data["counts"],
            dry_run=data["dry_run"],
        )  # fmt: skip
        batch.refresh_from_db()
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)


class MemberCountViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Active non-wage members per village and month, where BPJS shares only counts."""

    serializer_class = MemberCountSerializer
    filterset_class = MemberCountFilter

    def get_queryset(self) -> QuerySet[MemberCount]:
        return member_count_queryset_for(self.request.user)
