"""REST API of BPJS claims: list, read, record and edit them (labour office
and BPJS officers), and their impact (also leaders)."""

from dataclasses import asdict
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from peduli.accounts.roles import Capability, may
from peduli.api.reading import DateField, MonthField, acting_user
from peduli.api.searching import PostedSearchMixin
from peduli.bpjs.claim_forms import ClaimFilter
from peduli.bpjs.claim_selectors import FUNDING_LABELS, claim_queryset_for, claims_impact
from peduli.bpjs.claim_services import ClaimData, claim_record, claim_update
from peduli.bpjs.models import Claim
from peduli.core.months import YearMonth
from peduli.regions.selectors import instance_region_code


class ClaimSerializer(serializers.ModelSerializer):
    funding_source_label = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id", "reference", "nik", "name", "kpj", "kind", "incident_date", "status", "amount_paid",
            "heirs_benefit", "scholarship_children", "paid_on", "note", "worker", "district", "funding_source",
            "funding_source_label", "recorded_at",
        ]  # fmt: skip

    def get_funding_source_label(self, claim: Claim) -> str:
        """Who paid the premium when the incident happened."""
        return str(FUNDING_LABELS.get(claim.funding_source, claim.funding_source))


class ClaimWriteSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=40, help_text="Nomor klaim BPJS; tidak berubah saat diubah")
    nik = serializers.CharField(max_length=24)
    name = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)
    kpj = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    kind = serializers.ChoiceField(choices=Claim.Kind.choices)
    incident_date = DateField()
    status = serializers.ChoiceField(choices=Claim.Status.choices, default=Claim.Status.FILED)
    amount_paid = serializers.IntegerField(default=0, help_text="Rupiah")
    heirs_benefit = serializers.IntegerField(default=0, help_text="Rupiah")
    scholarship_children = serializers.IntegerField(default=0)
    paid_on = DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)


class DistrictImpactSerializer(serializers.Serializer):
    district = serializers.CharField(allow_null=True, help_text="Kode kecamatan")
    district_name = serializers.CharField(allow_null=True)
    families = serializers.IntegerField()
    amount = serializers.IntegerField()


class SourceImpactSerializer(serializers.Serializer):
    # The payload fields "source" and "label" shadow Field attributes only for the type checker (DRF pops them).
    source = serializers.CharField()  # type: ignore[assignment]
    label = serializers.CharField()  # type: ignore[assignment]
    families = serializers.IntegerField()
    amount = serializers.IntegerField()


class ClaimsImpactSerializer(serializers.Serializer):
    first = MonthField(allow_null=True)
    last = MonthField()
    families_helped = serializers.IntegerField()
    amount_paid = serializers.IntegerField()
    scholarship_children = serializers.IntegerField()
    by_district = DistrictImpactSerializer(many=True)
    by_source = SourceImpactSerializer(many=True)


class ImpactQuerySerializer(serializers.Serializer):
    first = MonthField(required=False, allow_null=True, default=None)
    last = MonthField(required=False, allow_null=True, default=None)
    district = serializers.CharField(required=False, allow_null=True, default=None)


class ClaimViewSet(
    PostedSearchMixin,
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    mixins.UpdateModelMixin, viewsets.GenericViewSet,
):  # fmt: skip
    """JKK and JKM claims BPJS handled for the regency's members."""

    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter

    def get_queryset(self) -> QuerySet[Claim]:
        return claim_queryset_for(self.request.user)

    def _data(self, request: Request, *, claim: Claim | None = None, partial: bool = False) -> ClaimData:
        data: Any = request.data
        if partial and claim is not None:
            # PATCH: what is not sent keeps the claim's value.
            names: list[str] = list(ClaimWriteSerializer().fields)
            data = {name: getattr(claim, name) for name in names} | dict(data)
        payload = ClaimWriteSerializer(data=data)
        payload.is_valid(raise_exception=True)
        return ClaimData(**payload.validated_data)

    @extend_schema(request=ClaimWriteSerializer, responses={201: ClaimSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a claim (its number must be new); worker, district and funding source are derived."""
        claim = claim_record(actor=acting_user(request), data=self._data(request))
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ClaimWriteSerializer, responses=ClaimSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change a claim (its number stays); PATCH sends only what changes."""
        claim = self.get_object()
        data = self._data(request, claim=claim, partial=kwargs.get("partial", False))
        return Response(ClaimSerializer(claim_update(actor=acting_user(request), claim=claim, data=data)).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("first", str, description="Bulan pertama (TTTT-BB); kosong: sejak awal"),
            OpenApiParameter("last", str, description="Bulan terakhir (TTTT-BB); kosong: bulan ini"),
            OpenApiParameter("district", str, description="Kode kecamatan"),
        ],
        responses=ClaimsImpactSerializer,
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def impact(self, request: Request) -> Response:
        """Families helped, money paid and children given scholarships by the
        claims BPJS paid in a period (by payment date), by district and funding source."""
        if not may(request.user, Capability.READ_CLAIM_IMPACT):
            raise PermissionDenied
        query = ImpactQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        impact = claims_impact(
            regency_id=instance_region_code(), first=params["first"], last=params["last"] or YearMonth.current(),
            district_id=params["district"],
        )  # fmt: skip
        body = {
            "first": impact.first, "last": impact.last, "families_helped": impact.families_helped,
            "amount_paid": impact.amount_paid, "scholarship_children": impact.scholarship_children,
            "by_district": [
                {"district": row.district.code if row.district else None,
                 "district_name": row.district.name if row.district else None,
                 "families": row.families, "amount": row.amount}
                for row in impact.by_district
            ],
            "by_source": [asdict(row) | {"label": str(row.label)} for row in impact.by_source],
        }  # fmt: skip
        return Response(ClaimsImpactSerializer(body).data)
