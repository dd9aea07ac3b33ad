"""REST API of the ledger: dues, payments, remittances to BPJS and arrears.
The ledger selectors scope every read, the ledger services make every change.

Months travel as "YYYY-MM" text (`peduli.api.reading.MonthField`)."""

from typing import Any

import django_filters as filters
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, may
from peduli.api.reading import DateField, MonthField, acting_user
from peduli.core.errors import ApplicationError
from peduli.core.filters import IdFilter
from peduli.core.months import YearMonth
from peduli.ledger import selectors, services
from peduli.ledger.filters import PaymentFilter, RemittanceFilter
from peduli.ledger.models import Allocation, Due, Payment, Remittance
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.selectors import sponsor_queryset_for


def _month(text: str, *, field: str) -> YearMonth:
    try:
        return YearMonth.parse(text)
    except ValueError as error:
        raise ApplicationError(str(error), field=field) from error


class MonthSerializer(serializers.Serializer):
    month = MonthField()


# Dues ------------------------------------------------------------------------

DUE_STATES = [
    ("paid", gettext_lazy("Lunas")),
    ("open", gettext_lazy("Belum lunas")),
    ("cancelled", gettext_lazy("Dibatalkan")),
]


class DueFilter(filters.FilterSet):
    month = filters.CharFilter(label=gettext_lazy("Bulan (TTTT-BB)"), method="by_month")
    sponsor = IdFilter(label=gettext_lazy("ID donatur"), field_name="sponsor_id")
    worker = IdFilter(label=gettext_lazy("ID pekerja"), field_name="worker_id")
    status = filters.ChoiceFilter(label=gettext_lazy("Status"), choices=DUE_STATES, method="by_status")

    class Meta:
        model = Due
        fields: list[str] = []

    def by_month(self, queryset: QuerySet[Due], name: str, value: str) -> QuerySet[Due]:
        return queryset.filter(month=_month(value, field="month").first_day)

    def by_status(self, queryset: QuerySet[Due], name: str, value: str) -> QuerySet[Due]:
        if value == "cancelled":
            return queryset.filter(cancelled=True)
        if value == "paid":
            return queryset.filter(cancelled=False, paid_amount=F("amount"))
        return queryset.filter(cancelled=False, paid_amount__lt=F("amount"))


class DueSerializer(serializers.ModelSerializer):
    month = MonthField(read_only=True)
    sponsor_name = serializers.CharField(source="sponsor.name", read_only=True)
    worker_name = serializers.CharField(source="worker.name", read_only=True)
    outstanding = serializers.IntegerField(read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Due
        fields = [
            "id", "month", "sponsorship", "sponsor", "sponsor_name", "worker", "worker_name", "amount", "paid_amount",
            "outstanding", "cancelled", "status", "remittance",
        ]  # fmt: skip

    def get_status(self, due: Due) -> str:
        """paid, open or cancelled (as the status filter)."""
        if due.cancelled:
            return "cancelled"
        return "paid" if due.is_paid else "open"


class DuesGeneratedSerializer(serializers.Serializer):
    month = MonthField()
    created = serializers.IntegerField(help_text="Jumlah iuran yang baru dibuat")


class DueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Monthly dues (iuran bulanan) the caller may see."""

    serializer_class = DueSerializer
    filterset_class = DueFilter

    def get_queryset(self) -> QuerySet[Due]:
        return selectors.due_queryset_for(self.request.user).order_by("-month", "pk")

    @extend_schema(request=MonthSerializer, responses=DuesGeneratedSerializer)
    @action(detail=False, methods=["post"], filterset_class=None, pagination_class=None)
    def generate(self, request: Request) -> Response:
        """Create the month's dues of every running sponsorship (running it
        again creates only what is missing)."""
        payload = MonthSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        month = payload.validated_data["month"]
        created = services.dues_generate(actor=acting_user(request), month=month)
        return Response(DuesGeneratedSerializer({"month": month, "created": created}).data)


# Payments --------------------------------------------------------------------


class AllocationSerializer(serializers.ModelSerializer):
    month = MonthField(source="due.month", read_only=True)
    worker = serializers.IntegerField(source="due.worker_id", read_only=True)
    worker_name = serializers.CharField(source="due.worker.name", read_only=True)

    class Meta:
        model = Allocation
        fields = ["id", "due", "month", "worker", "worker_name", "amount", "created_at"]


class PaymentSerializer(serializers.ModelSerializer):
    sponsor_code = serializers.CharField(source="sponsor.code", read_only=True)
    sponsor_name = serializers.CharField(source="sponsor.name", read_only=True)
    reversed_by = serializers.SerializerMethodField()
    allocations = AllocationSerializer(many=True, read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id", "sponsor", "sponsor_code", "sponsor_name", "amount", "received_on", "method", "source", "reference",
            "note", "reverses", "reversed_by", "recorded_at", "allocations",
        ]  # fmt: skip

    def get_reversed_by(self, payment: Payment) -> int | None:
        """The reversal that cancelled this payment, if any."""
        reversal = getattr(payment, "reversal", None)
        return reversal.pk if reversal is not None else None


class PaymentWriteSerializer(serializers.Serializer):
    sponsor = serializers.IntegerField(help_text="ID donatur")
    amount = serializers.IntegerField(help_text="Rupiah")
    received_on = DateField()
    method = serializers.ChoiceField(choices=Payment.Method.choices, help_text="Bukan pembatalan")
    reference = serializers.CharField(max_length=64, help_text="Nomor transfer atau kuitansi")
    # The payload field "source" shadows Field.source only for the type checker (DRF pops declared fields).
    source = serializers.CharField(max_length=64, required=False, default="", allow_blank=True)  # type: ignore[assignment]
    note = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)


class PaymentReverseSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class PaymentApiFilter(PaymentFilter):
    """The payment list's filters, and a sponsor's id for API clients."""

    sponsor = IdFilter(label=gettext_lazy("ID donatur"), field_name="sponsor_id")


def sponsor_for_input(user: User, pk: int) -> Sponsor:
    """A sponsor the caller may see, by id, or a 400 keyed to `sponsor`."""
    sponsor = sponsor_queryset_for(user).filter(pk=pk).first()
    if sponsor is None:
        raise ApplicationError(_("Donatur tidak ditemukan."), field="sponsor")
    return sponsor


class PaymentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Money received from sponsors, with the dues each payment paid.
    A wrong payment is cancelled by a reversal, never edited."""

    serializer_class = PaymentSerializer
    filterset_class = PaymentApiFilter

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # A role the payment pages refuse (BPJS officers, district operators)
        # is refused here too, not given an empty list.
        super().initial(request, *args, **kwargs)
        if not may(request.user, Capability.READ_PAYMENTS):
            raise PermissionDenied

    def get_queryset(self) -> QuerySet[Payment]:
        return (
            selectors.payment_queryset_for(self.request.user)
            .select_related("reversal")
            .prefetch_related("allocations__due__worker")
        )

    @extend_schema(request=PaymentWriteSerializer, responses={201: PaymentSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a payment; it pays the sponsor's oldest open dues, the rest stays as credit."""
        payload = PaymentWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        actor = acting_user(request)
        data["sponsor"] = sponsor_for_input(actor, data["sponsor"])
        payment = services.payment_record(actor=actor, **data)
        return Response(PaymentSerializer(self.get_queryset().get(pk=payment.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PaymentReverseSerializer, responses={201: PaymentSerializer})
    @action(detail=True, methods=["post"])
    def reverse(self, request: Request, pk: str | None = None) -> Response:
        """Cancel the payment with a reversal row; the dues it paid open again."""
        payment = self.get_object()
        payload = PaymentReverseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reversal = services.payment_reverse(
            actor=acting_user(request), payment=payment, reason=payload.validated_data["reason"]
        )
        return Response(PaymentSerializer(self.get_queryset().get(pk=reversal.pk)).data, status=status.HTTP_201_CREATED)


# Remittances -----------------------------------------------------------------


class RemittanceSerializer(serializers.ModelSerializer):
    month = MonthField(read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)
    confirmed_by = serializers.CharField(source="confirmed_by.username", read_only=True, default=None)

    class Meta:
        model = Remittance
        fields = [
            "id", "month", "status", "due_count", "total_amount", "bpjs_reference", "created_by", "created_at",
            "confirmed_by", "confirmed_at",
        ]  # fmt: skip


class RemittanceConfirmSerializer(serializers.Serializer):
    bpjs_reference = serializers.CharField(allow_blank=True, max_length=64)


class RemittanceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Batches of paid dues handed over to BPJS Ketenagakerjaan."""

    serializer_class = RemittanceSerializer
    filterset_class = RemittanceFilter

    def get_queryset(self) -> QuerySet[Remittance]:
        return selectors.remittance_queryset_for(self.request.user).select_related("created_by", "confirmed_by")

    @extend_schema(request=MonthSerializer, responses={201: RemittanceSerializer})
    def create(self, request: Request) -> Response:
        """Gather the month's fully paid dues not yet remitted into a new batch."""
        payload = MonthSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        remittance = services.remittance_create(actor=acting_user(request), month=payload.validated_data["month"])
        return Response(RemittanceSerializer(remittance).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RemittanceConfirmSerializer, responses=RemittanceSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        """BPJS received the batch (its receipt number)."""
        remittance = self.get_object()
        payload = RemittanceConfirmSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        remittance = services.remittance_confirm(
            actor=acting_user(request), remittance=remittance, bpjs_reference=payload.validated_data["bpjs_reference"]
        )
        return Response(RemittanceSerializer(remittance).data)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Drop a batch BPJS has not confirmed; its dues wait for the next one."""
        services.remittance_cancel(actor=acting_user(request), remittance=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# Arrears ---------------------------------------------------------------------

ARREARS_BY = [
    ("sponsor", gettext_lazy("Per donatur")),
    ("agency", gettext_lazy("Per OPD")),
    ("district", gettext_lazy("Per kecamatan")),
]


class ArrearsQuerySerializer(serializers.Serializer):
    month = MonthField(required=False, help_text="TTTT-BB; bawaan: bulan ini")
    by = serializers.ChoiceField(choices=ARREARS_BY, required=False, default="sponsor")


class SponsorArrearsSerializer(serializers.ModelSerializer):
    amount = serializers.IntegerField(source="arrears", help_text="Tunggakan (Rp)")
    months = serializers.IntegerField(source="arrears_months", help_text="Jumlah bulan yang menunggak")
    dues = serializers.IntegerField(source="arrears_dues", help_text="Jumlah iuran yang menunggak")

    class Meta:
        model = Sponsor
        fields = ["id", "code", "name", "kind", "agency", "amount", "months", "dues"]


class AgencyArrearsSerializer(serializers.Serializer):
    agency_id = serializers.IntegerField(allow_null=True)
    agency = serializers.CharField(allow_null=True)
    sponsors = serializers.IntegerField(help_text="ASN donatur yang menunggak")
    amount = serializers.IntegerField(help_text="Tunggakan (Rp)")


class DistrictArrearsSerializer(serializers.Serializer):
    district_id = serializers.CharField(allow_null=True)
    district = serializers.CharField(allow_null=True)
    workers = serializers.IntegerField(help_text="Pekerja yang iurannya menunggak")
    amount = serializers.IntegerField(help_text="Tunggakan (Rp)")


ARREARS_VIEWS: dict[str, tuple[Any, type[serializers.BaseSerializer]]] = {
    "sponsor": (selectors.arrears_by_sponsor, SponsorArrearsSerializer),
    "agency": (selectors.arrears_by_agency, AgencyArrearsSerializer),
    "district": (selectors.arrears_by_district, DistrictArrearsSerializer),
}


class ArrearsViewSet(viewsets.GenericViewSet):
    """Unpaid dues up to a month, per sponsor, per agency (civil-servant
    sponsors) or per district of the workers, largest first."""

    filter_backends: list[Any] = []

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # The arrears page's capability: sponsors' arrears are the ledger's.
        super().initial(request, *args, **kwargs)
        if not may(request.user, Capability.READ_LEDGER):
            raise PermissionDenied

    @extend_schema(
        parameters=[ArrearsQuerySerializer],
        responses=PolymorphicProxySerializer(
            component_name="ArrearsRow",
            serializers=[SponsorArrearsSerializer, AgencyArrearsSerializer, DistrictArrearsSerializer],
            resource_type_field_name=None,
            many=True,
        ),
    )
    def list(self, request: Request) -> Response:
        query = ArrearsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        month = query.validated_data.get("month") or YearMonth.current()
        rows, serializer = ARREARS_VIEWS[query.validated_data["by"]]
        page = self.paginate_queryset(rows(request.user, month))
        return self.get_paginated_response(serializer(page, many=True).data)
