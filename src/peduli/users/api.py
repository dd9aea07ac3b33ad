"""Civil servants' accounts over the API (`users.onboarding`, ADR 0019):
activation per agency, opening accounts, a new code, the slips; and the
activation itself, for a phone app or a kiosk."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from peduli.accounts.api import LoginThrottle
from peduli.accounts.roles import REFUSALS, Capability, may
from peduli.api.reading import DateField, acting_user
from peduli.core.errors import ApplicationError
from peduli.core.identity import normalize_nip
from peduli.core.pdf import pdf_response
from peduli.core.responses import xlsx_response
from peduli.users.onboarding import account_activate, accounts_open, activation_code_issue
from peduli.users.selectors import accounts_agencies, accounts_agency, activation_by_agency, waiting_user
from peduli.users.slips import slips_pdf, slips_xlsx


class ActivationRowSerializer(serializers.Serializer):
    agency = serializers.IntegerField(source="agency.pk")
    agency_name = serializers.CharField(source="agency.name")
    in_service = serializers.IntegerField()
    accounts = serializers.IntegerField()
    activated = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class OpenSerializer(serializers.Serializer):
    agency = serializers.IntegerField(required=False, allow_null=True, help_text="ID OPD; kosong: semua OPD")


class OpenedSerializer(serializers.Serializer):
    accounts = serializers.IntegerField()
    codes = serializers.IntegerField()


class CodeRequestSerializer(serializers.Serializer):
    nip = serializers.CharField(max_length=30)


class CodeSerializer(serializers.Serializer):
    nip = serializers.CharField(source="user.username")
    code = serializers.CharField()
    expires_at = serializers.DateTimeField()


class CivilServantAccountViewSet(viewsets.ViewSet):
    """For the labour office (every agency) and an agency's operator (theirs)."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not may(request.user, Capability.OPEN_ACCOUNTS):
            raise PermissionDenied(str(REFUSALS[Capability.OPEN_ACCOUNTS]))

    @extend_schema(
        parameters=[OpenApiParameter("agency", int, required=False)], responses=ActivationRowSerializer(many=True)
    )
    def list(self, request: Request) -> Response:
        """Civil servants in service, accounts and activations, per agency."""
        user = acting_user(request)
        agency = accounts_agency(user, request.query_params.get("agency", ""))
        return Response(ActivationRowSerializer(activation_by_agency(accounts_agencies(user, agency)), many=True).data)

    @extend_schema(request=OpenSerializer, responses=OpenedSerializer)
    @action(detail=False, methods=["post"])
    def open(self, request: Request) -> Response:
        """An account and an activation code for every civil servant in
        service (of the agency) who has none."""
        payload = OpenSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = acting_user(request)
        agency = accounts_agency(user, str(payload.validated_data.get("agency") or ""))
        opened = accounts_open(actor=user, agency=agency)
        return Response(OpenedSerializer(opened).data)

    @extend_schema(request=CodeRequestSerializer, responses=CodeSerializer)
    @action(detail=False, methods=["post"], url_path="activation-code")
    def activation_code(self, request: Request) -> Response:
        """A new activation code for one civil servant (the old one stops working)."""
        payload = CodeRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = acting_user(request)
        account = waiting_user(accounts_agency(user, ""), normalize_nip(payload.validated_data["nip"]))
        if account is None:
            raise ApplicationError(_("Tidak ada akun ASN dengan NIP itu di OPD ini."), field="nip")
        return Response(CodeSerializer(activation_code_issue(actor=user, user=account)).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("agency", int, required=False),
            OpenApiParameter("as", str, enum=["pdf", "xlsx"]),
            OpenApiParameter("part", int, required=False, description="bagian PDF, 400 slip sebagian"),
        ],
        responses={(200, "application/pdf"): bytes},
    )
    @action(detail=False, methods=["get"])
    def slips(self, request: Request) -> Any:
        """The slips of those waiting to activate, as PDF (default) or xlsx."""
        agency = accounts_agency(acting_user(request), request.query_params.get("agency", ""))
        name = f"slip-aktivasi-{agency.code.lower() if agency else 'semua'}"
        if request.query_params.get("as") == "xlsx":
            return xlsx_response(slips_xlsx(agency=agency), filename=f"{name}.xlsx")
        url = request.build_absolute_uri(reverse("users:activate"))
        part = int(request.query_params["part"]) if request.query_params.get("part", "").isdigit() else 1
        return pdf_response(slips_pdf(agency=agency, activation_url=url, part=part), filename=f"{name}-{part}.pdf")


class ActivationSerializer(serializers.Serializer):
    nip = serializers.CharField(max_length=30)
    birth_date = DateField()
    code = serializers.CharField(max_length=20)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})


class ActivationView(APIView):
    """Set the first password with NIP + date of birth + the slip's code;
    one answer for every mismatch. Limited per client address."""

    permission_classes = [AllowAny]
    throttle_classes = [LoginThrottle]

    @extend_schema(request=ActivationSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        payload = ActivationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        account_activate(**payload.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)
