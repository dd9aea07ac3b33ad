"""REST API of sponsors and sponsorships: the same selectors scope every
query, the same services make every change (recording organisations,
starting, ending and prepaying sponsorships)."""

from typing import Any

from django.db.models import F, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from peduli.accounts.roles import Capability, may
from peduli.accounts.selectors import csr_partner_accounts
from peduli.api.reading import DateField, MonthField, acting_user
from peduli.api.searching import PostedSearchMixin
from peduli.api.throttling import ScopedThrottle
from peduli.ledger.api import (
    PaymentSerializer,
    sponsor_for_input,
)
from peduli.ledger.models import Payment
from peduli.ledger.services import sponsorship_prepay
from peduli.sponsorships import selectors, services
from peduli.sponsorships.filters import SponsorFilter, SponsorshipFilter, with_running_count
from peduli.sponsorships.matching import masked_nik
from peduli.sponsorships.models import Sponsor, Sponsorship

CSR_PARTNERS = csr_partner_accounts()


class SponsorSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True, default=None)
    running = serializers.IntegerField(read_only=True, help_text="Kepesertaan yang masih berjalan")

    class Meta:
        model = Sponsor
        fields = [
            "id", "code", "kind", "name", "civil_servant", "agency", "agency_name", "partner", "contact_name",
            "phone", "email", "address", "credit", "running", "created_at",
        ]  # fmt: skip


class SponsorUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    contact_name = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    email = serializers.EmailField(required=False, default="", allow_blank=True)
    address = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    partner = serializers.PrimaryKeyRelatedField(
        queryset=CSR_PARTNERS, required=False, allow_null=True, default=None, help_text="ID akun Mitra CSR"
    )


class SponsorCreateSerializer(SponsorUpdateSerializer):
    """An organisation or a person who pays; civil servants become sponsors
    through their roster record."""

    kind = serializers.ChoiceField(choices=Sponsor.Kind.choices)
    code = serializers.CharField(max_length=32)


class SponsorViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Sponsors (donatur) the caller may see. Organisations are recorded and
    corrected by the labour office."""

    serializer_class = SponsorSerializer
    filterset_class = SponsorFilter
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self) -> QuerySet[Sponsor]:
        return with_running_count(selectors.sponsor_queryset_for(self.request.user))

    @extend_schema(request=SponsorCreateSerializer, responses={201: SponsorSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = SponsorCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        sponsor = services.sponsor_create(
            actor=acting_user(request), data=services.SponsorData(**payload.validated_data)
        )
        return Response(SponsorSerializer(self.get_queryset().get(pk=sponsor.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SponsorUpdateSerializer, responses=SponsorSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        sponsor = self.get_object()
        payload = SponsorUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = services.SponsorData(kind=sponsor.kind, code=sponsor.code, **payload.validated_data)
        sponsor = services.sponsor_update(actor=acting_user(request), sponsor=sponsor, data=data)
        return Response(SponsorSerializer(self.get_queryset().get(pk=sponsor.pk)).data)


class SponsorshipSerializer(serializers.ModelSerializer):
    sponsor_code = serializers.CharField(source="sponsor.code", read_only=True)
    sponsor_name = serializers.CharField(source="sponsor.name", read_only=True)
    worker_nik = serializers.CharField(
        source="worker_nik_shown", read_only=True,
        help_text="NIK pekerja; disamarkan (3324********0001) bagi yang tidak membuka data pekerja",
    )  # fmt: skip
    worker_name = serializers.CharField(source="worker.name", read_only=True)
    start_month = MonthField(read_only=True)
    end_month = MonthField(read_only=True, allow_null=True)

    class Meta:
        model = Sponsorship
        fields = [
            "id", "sponsor", "sponsor_code", "sponsor_name", "worker", "worker_nik", "worker_name", "start_month",
            "end_month", "programme", "declared_income", "end_reason", "end_note", "created_at",
        ]  # fmt: skip


class SponsorshipStartSerializer(serializers.Serializer):
    sponsor = serializers.IntegerField(help_text="ID donatur")
    worker = serializers.CharField(max_length=16, help_text="ID pekerja atau NIK 16 digit")
    start = MonthField(help_text="Bulan mulai, TTTT-BB")
    programme = serializers.ChoiceField(choices=Sponsorship.Programme.choices, default=Sponsorship.Programme.JKK_JKM)
    declared_income = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Rupiah per bulan; bawaan: penghasilan terendah"
    )


class SponsorshipEndSerializer(serializers.Serializer):
    last_month = MonthField(help_text="Bulan terakhir yang dibiayai, TTTT-BB")
    reason = serializers.ChoiceField(choices=Sponsorship.EndReason.choices)
    note = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)


class SponsorshipPrepaySerializer(serializers.Serializer):
    months = serializers.IntegerField(help_text="1, 3, 6 atau 12")
    received_on = DateField()
    method = serializers.ChoiceField(choices=Payment.Method.choices, help_text="Bukan pembatalan")
    reference = serializers.CharField(max_length=64)
    # The payload field "source" shadows Field.source only for the type checker (DRF pops declared fields).
    source = serializers.CharField(max_length=64, required=False, default="", allow_blank=True)  # type: ignore[assignment]


class PrepaidSerializer(serializers.Serializer):
    payment = PaymentSerializer(allow_null=True, help_text="Kosong bila saldo titipan donatur sudah mencukupi")


class SponsorshipViewSet(PostedSearchMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Sponsorships (a sponsor paying one worker's premium) the caller may see."""

    serializer_class = SponsorshipSerializer
    filterset_class = SponsorshipFilter
    throttle_scope = "sponsorship_start"

    def get_queryset(self) -> QuerySet[Sponsorship]:
        # The pages show a worker's NIK only to the registry's readers (/saya/
        # masks it): so does the API.
        full = may(self.request.user, Capability.READ_WORKERS)
        nik = F("worker__nik") if full else masked_nik("worker__nik")
        return selectors.sponsorship_queryset_for(self.request.user).annotate(worker_nik_shown=nik)

    def get_throttles(self) -> list[BaseThrottle]:
        # Starting one names a worker by a NIK the caller types: rate-limited.
        return [ScopedThrottle()] if self.action == "create" else super().get_throttles()

    @extend_schema(request=SponsorshipStartSerializer, responses={201: SponsorshipSerializer})
    def create(self, request: Request) -> Response:
        """Start paying a worker's premium; dues up to this month are created
        at once and paid from the sponsor's credit."""
        payload = SponsorshipStartSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        actor = acting_user(request)
        # The worker goes to the service as typed: it checks the terms first and
        # words every refusal about the worker (ADR 0008).
        sponsorship = services.sponsorship_start(
            actor=actor, sponsor=sponsor_for_input(actor, data.pop("sponsor")), worker=data.pop("worker"), **data
        )
        shown = self.get_queryset().get(pk=sponsorship.pk)
        return Response(SponsorshipSerializer(shown).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SponsorshipEndSerializer, responses=SponsorshipSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        """End after the last month paid for; later dues are cancelled and their money freed."""
        sponsorship = self.get_object()
        payload = SponsorshipEndSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        sponsorship = services.sponsorship_end(
            actor=acting_user(request), sponsorship=sponsorship, **payload.validated_data
        )
        return Response(SponsorshipSerializer(self.get_queryset().get(pk=sponsorship.pk)).data)

    @extend_schema(request=None, responses=SponsorshipSerializer)
    @action(detail=True, methods=["post"], url_path="undo-end", url_name="undo-end")
    def undo_end(self, request: Request, pk: str | None = None) -> Response:
        """Take back an end recorded by mistake: the same day, by whoever ended it or the labour office."""
        sponsorship = services.sponsorship_end_undo(actor=acting_user(request), sponsorship=self.get_object())
        return Response(SponsorshipSerializer(self.get_queryset().get(pk=sponsorship.pk)).data)

    @extend_schema(request=SponsorshipPrepaySerializer, responses=PrepaidSerializer)
    @action(detail=True, methods=["post"])
    def prepay(self, request: Request, pk: str | None = None) -> Response:
        """Pay 1, 3, 6 or 12 months ahead in one payment."""
        sponsorship = self.get_object()
        if not may(request.user, Capability.KEEP_LEDGER):
            raise PermissionDenied
        payload = SponsorshipPrepaySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        payment = sponsorship_prepay(actor=acting_user(request), sponsorship=sponsorship, **payload.validated_data)
        return Response(PrepaidSerializer({"payment": payment}).data)
