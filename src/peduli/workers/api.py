"""REST API of the worker registry: the same selectors scope every query, the
same services make every change (registration, corrections, the status
workflow, duplicate review)."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from peduli.accounts.roles import Capability, may
from peduli.api.reading import DateField, acting_user
from peduli.api.searching import PostedSearchMixin
from peduli.api.throttling import ScopedThrottle
from peduli.core.errors import ApplicationError
from peduli.regions.models import Region
from peduli.workers import selectors, services
from peduli.workers.filters import WorkerFilter
from peduli.workers.models import DuplicateFlag, StatusChange, Worker


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


class WorkerSerializer(serializers.ModelSerializer):
    village: serializers.PrimaryKeyRelatedField[Region] = serializers.PrimaryKeyRelatedField(read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    district: serializers.PrimaryKeyRelatedField[Region] = serializers.PrimaryKeyRelatedField(read_only=True)
    district_name = serializers.CharField(source="district.name", read_only=True)
    occupation = serializers.CharField(source="occupation.name", read_only=True)
    age = serializers.IntegerField(read_only=True)

    class Meta:
        model = Worker
        fields = [
            "id", "nik", "name", "birth_place", "birth_date", "age", "sex", "village", "village_name", "district",
            "district_name", "address", "rt", "rw", "phone", "occupation", "in_social_register", "has_disability",
            "woman_head_of_household", "kpj", "status", "status_since", "end_reason", "returned_reason",
            "registered_at", "verified_at", "merged_into",
        ]  # fmt: skip


class WorkerWriteSerializer(serializers.Serializer):
    """The fields of WorkerData: codes and names as the import template has them."""

    nik = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=150)
    village = serializers.CharField(max_length=20, help_text="Kode Kemendagri desa/kelurahan, mis. 33.24.01.2001")
    occupation = serializers.CharField(max_length=100, help_text="Nama pekerjaan, mis. Nelayan")
    birth_place = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    birth_date = DateField(required=False, allow_null=True, default=None)
    sex = serializers.ChoiceField(choices=Worker.Sex.choices, required=False, default="", allow_blank=True)
    address = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    rt = serializers.CharField(max_length=3, required=False, default="", allow_blank=True)
    rw = serializers.CharField(max_length=3, required=False, default="", allow_blank=True)
    phone = serializers.CharField(max_length=16, required=False, default="", allow_blank=True)
    in_social_register = serializers.BooleanField(required=False, default=False)
    has_disability = serializers.BooleanField(required=False, default=False)
    woman_head_of_household = serializers.BooleanField(required=False, default=False)
    kpj = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)

    def to_data(self) -> services.WorkerData:
        return services.WorkerData(**self.validated_data)


class WorkerReturnSerializer(serializers.Serializer):
    reason = serializers.CharField()


class WorkerEndSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Worker.EndReason.choices)
    on = DateField(required=False, allow_null=True, default=None)


class WorkerTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=Worker.Status.choices)
    on = DateField(required=False, allow_null=True, default=None)
    reason = serializers.ChoiceField(choices=Worker.EndReason.choices, required=False, default="", allow_blank=True)
    note = serializers.CharField(required=False, default="", allow_blank=True)


class StatusChangeSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, default=None)

    class Meta:
        model = StatusChange
        fields = ["id", "from_status", "to_status", "effective_on", "reason", "note", "actor", "at"]


class NikCheckQuerySerializer(serializers.Serializer):
    nik = serializers.CharField()
    sex = serializers.ChoiceField(choices=Worker.Sex.choices, required=False, allow_blank=True)
    birth_date = DateField(required=False, allow_null=True)


class NikCheckSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    message = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    sex = serializers.CharField(allow_null=True)
    district_code = serializers.CharField(allow_null=True)


class WorkerViewSet(
    PostedSearchMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Vulnerable informal workers the caller may see; reads are logged as
    access to personal data."""

    serializer_class = WorkerSerializer
    filterset_class = WorkerFilter
    http_method_names = ["get", "post", "put", "head", "options"]
    throttle_scope = "nik_check"

    def get_queryset(self) -> QuerySet[Worker]:
        return selectors.worker_queryset_for(self.request.user)

    def get_throttles(self) -> list[BaseThrottle]:
        # Checking a NIK answers about a number the caller types: rate-limited.
        return [ScopedThrottle()] if self.action == "check_nik" else super().get_throttles()

    @extend_schema(request=WorkerWriteSerializer, responses={201: WorkerSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _require(may(request.user, Capability.EDIT_WORKERS))
        payload = WorkerWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        worker = services.worker_create(actor=acting_user(request), data=payload.to_data())
        return Response(WorkerSerializer(worker).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WorkerWriteSerializer, responses=WorkerSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        worker = self.get_object()
        _require(may(request.user, Capability.EDIT_WORKERS))
        payload = WorkerWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        worker = services.worker_update(actor=acting_user(request), worker=worker, data=payload.to_data())
        return Response(WorkerSerializer(worker).data)

    @extend_schema(request=None, responses=WorkerSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        """Confirm a registration (not by the person who registered it)."""
        worker = self.get_object()
        _require(may(request.user, Capability.EDIT_WORKERS))
        worker = services.worker_verify(actor=acting_user(request), worker=worker)
        return Response(WorkerSerializer(worker).data)

    @extend_schema(request=WorkerReturnSerializer, responses=WorkerSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        """Send a registration back with what to correct."""
        worker = self.get_object()
        _require(may(request.user, Capability.EDIT_WORKERS))
        payload = WorkerReturnSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        worker = services.worker_return(
            actor=acting_user(request), worker=worker, reason=payload.validated_data["reason"]
        )
        return Response(WorkerSerializer(worker).data)

    @extend_schema(request=WorkerEndSerializer, responses=WorkerSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        """End a worker's registration (died, aged out, formal work, moved out, duplicate)."""
        worker = self.get_object()
        _require(may(request.user, Capability.EDIT_WORKERS))
        payload = WorkerEndSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        worker = services.worker_transition(
            actor=acting_user(request), worker=worker, to=Worker.Status.ENDED, on=payload.validated_data["on"],
            reason=payload.validated_data["reason"],
        )  # fmt: skip
        return Response(WorkerSerializer(worker).data)

    @extend_schema(request=None, responses=WorkerSerializer)
    @action(detail=True, methods=["post"], url_path="undo-end", url_name="undo-end")
    def undo_end(self, request: Request, pk: str | None = None) -> Response:
        """Take back an end recorded by mistake: the same day, by whoever
        recorded it or the labour office."""
        worker = self.get_object()
        _require(may(request.user, Capability.EDIT_WORKERS))
        worker = services.worker_end_undo(actor=acting_user(request), worker=worker)
        return Response(WorkerSerializer(worker).data)

    @extend_schema(request=WorkerTransitionSerializer, responses=WorkerSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Move a worker along the status workflow."""
        worker = self.get_object()
        _require(may(request.user, Capability.EDIT_WORKERS))
        payload = WorkerTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        worker = services.worker_transition(actor=acting_user(request), worker=worker, **payload.validated_data)
        return Response(WorkerSerializer(worker).data)

    @extend_schema(responses=StatusChangeSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request: Request, pk: str | None = None) -> Response:
        """The worker's status changes, newest first."""
        worker = self.get_object()
        return Response(StatusChangeSerializer(selectors.status_changes_of(worker), many=True).data)

    @extend_schema(request=NikCheckQuerySerializer, responses=NikCheckSerializer)
    @action(detail=False, methods=["post"], url_path="check-nik", pagination_class=None, filterset_class=None)
    def check_nik(self, request: Request) -> Response:
        """Check a NIK against the Kemendagri rules (district code, birth date,
        sex), as a form does while the clerk types: for those who register
        workers, like the form's check. POSTed: a NIK never goes in a URL."""
        _require(may(request.user, Capability.EDIT_WORKERS))
        query = NikCheckQuerySerializer(data=request.data)
        query.is_valid(raise_exception=True)
        result = selectors.nik_check(
            nik=query.validated_data["nik"],
            sex=query.validated_data.get("sex"),
            birth_date=query.validated_data.get("birth_date"),
        )
        return Response(NikCheckSerializer(result).data)


class DuplicateFlagSerializer(serializers.ModelSerializer):
    worker = WorkerSerializer(read_only=True)
    candidate = WorkerSerializer(read_only=True)

    class Meta:
        model = DuplicateFlag
        fields = ["id", "worker", "candidate", "status", "created_at", "note"]


class DuplicateMergeSerializer(serializers.Serializer):
    keep = serializers.IntegerField(help_text="ID pekerja yang dipertahankan (salah satu dari pasangan)")


class DuplicateDismissSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, default="", allow_blank=True)


class DuplicateFlagViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Open questions "are these two records one person?" about workers the
    caller may see."""

    serializer_class = DuplicateFlagSerializer

    def get_queryset(self) -> QuerySet[DuplicateFlag]:
        return selectors.duplicate_flags_for(self.request.user)

    @extend_schema(request=DuplicateMergeSerializer, responses=WorkerSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str | None = None) -> Response:
        """Keep one record; the other ends as a duplicate of it."""
        flag = self.get_object()
        _require(may(request.user, Capability.EDIT_WORKERS))
        payload = DuplicateMergeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        keep = selectors.worker_queryset_for(request.user).filter(pk=payload.validated_data["keep"]).first()
        if keep is None:
            raise ApplicationError(_("Pilih salah satu dari dua data yang dibandingkan."), field="keep")
        kept = services.duplicate_merge(actor=acting_user(request), flag=flag, keep=keep)
        return Response(WorkerSerializer(kept).data)

    @extend_schema(request=DuplicateDismissSerializer, responses=DuplicateFlagSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request: Request, pk: str | None = None) -> Response:
        """Two different people after all."""
        flag = self.get_object()
        _require(may(request.user, Capability.EDIT_WORKERS))
        payload = DuplicateDismissSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        flag = services.duplicate_dismiss(actor=acting_user(request), flag=flag, note=payload.validated_data["note"])
        return Response(DuplicateFlagSerializer(flag).data)
