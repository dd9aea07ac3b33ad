"""Civil servants' accounts over the API (`users.onboarding`, ADR 0019):
activation per agency, opening accounts, a new code, the slips; and the
activation itself, for a phone app or a kiosk."""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from peduli.accounts.api import LoginThrottle
from peduli.accounts.models import Role, User
from peduli.accounts.roles import Capability
from peduli.agencies.models import Agency
from peduli.api.permissions import capability_required
from peduli.api.reading import DateField, acting_user
from peduli.api.searching import PostedSearchMixin
from peduli.core.errors import ApplicationError
from peduli.core.identity import normalize_nip
from peduli.core.pdf import pdf_response
from peduli.core.responses import xlsx_response
from peduli.regions.models import Region
from peduli.users.filters import UserFilter
from peduli.users.onboarding import (
    account_activate,
    accounts_open,
    activation_code_issue,
    activation_codes_email_start,
)
from peduli.users.selectors import (
    accounts_agencies,
    accounts_agency,
    activation_by_agency,
    users_managed_by,
    waiting_user,
)
from peduli.users.services import user_deactivate, user_reactivate, user_role_change, user_unlock
from peduli.users.slips import slips_pdf, slips_xlsx


class ActivationRowSerializer(serializers.Serializer):
    agency = serializers.IntegerField(source="agency.pk")
    agency_name = serializers.CharField(source="agency.name")
    in_service = serializers.IntegerField()
    accounts = serializers.IntegerField()
    activated = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class AccountsOpenSerializer(serializers.Serializer):
    agency = serializers.IntegerField(required=False, allow_null=True, help_text="ID OPD; kosong: semua OPD")


class AccountsOpenedSerializer(serializers.Serializer):
    accounts = serializers.IntegerField()
    codes = serializers.IntegerField()


class CodesSendingSerializer(serializers.Serializer):
    codes = serializers.IntegerField(help_text="kode yang sedang dikirim lewat e-mail (tugas latar belakang)")


class CodeRequestSerializer(serializers.Serializer):
    nip = serializers.CharField(max_length=30)


class CodeSerializer(serializers.Serializer):
    nip = serializers.CharField(source="user.username")
    code = serializers.CharField()
    expires_at = serializers.DateTimeField()


def _activation_url(request: Request) -> str:
    return request.build_absolute_uri(reverse("users:activate"))


class CivilServantAccountViewSet(viewsets.ViewSet):
    """For the labour office (every agency) and an agency's operator (theirs)."""

    permission_classes = [IsAuthenticated, capability_required(Capability.OPEN_ACCOUNTS)]

    @extend_schema(
        parameters=[OpenApiParameter("agency", int, required=False)], responses=ActivationRowSerializer(many=True)
    )
    def list(self, request: Request) -> Response:
        """Civil servants in service, accounts and activations, per agency."""
        user = acting_user(request)
        agency = accounts_agency(user, request.query_params.get("agency", ""))
        return Response(ActivationRowSerializer(activation_by_agency(accounts_agencies(user, agency)), many=True).data)

    @extend_schema(request=AccountsOpenSerializer, responses=AccountsOpenedSerializer)
    @action(detail=False, methods=["post"])
    def open(self, request: Request) -> Response:
        """An account and an activation code for every civil servant in
        service (of the agency) who has none."""
        payload = AccountsOpenSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = acting_user(request)
        agency = accounts_agency(user, str(payload.validated_data.get("agency") or ""))
        opened = accounts_open(actor=user, agency=agency)
        return Response(AccountsOpenedSerializer(opened).data)

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
        code = activation_code_issue(actor=user, user=account, activation_url=_activation_url(request))
        return Response(CodeSerializer(code).data)

    @extend_schema(request=AccountsOpenSerializer, responses={202: CodesSendingSerializer})
    @action(detail=False, methods=["post"], url_path="send-codes")
    def send_codes(self, request: Request) -> Response:
        """Send by e-mail, in the background, every waiting valid code (of the
        agency) not sent yet, to the address in the roster; each code goes
        once. Answers how many are on their way."""
        payload = AccountsOpenSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = acting_user(request)
        agency = accounts_agency(user, str(payload.validated_data.get("agency") or ""))
        queued = activation_codes_email_start(actor=user, agency=agency, activation_url=_activation_url(request))
        return Response(CodesSendingSerializer({"codes": queued}).data, status=status.HTTP_202_ACCEPTED)

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
        url = _activation_url(request)
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


class UserSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_full_name", read_only=True)
    agency = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id", "username", "name", "email", "role", "agency", "district", "region", "is_active", "last_login",
        ]  # fmt: skip

    def get_agency(self, user: User) -> int | None:
        person = user.civil_servant
        return person.agency_id if person is not None else user.agency_id


class DeactivateSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)


class RoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    agency = serializers.IntegerField(required=False, allow_null=True)
    district = serializers.CharField(required=False, allow_blank=True, default="")
    region = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text="Kode provinsi atau kabupaten/kota tempat akun bekerja (kosong: seluruh wilayah instansi).",
    )  # fmt: skip


class UserViewSet(PostedSearchMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The accounts the caller manages (the labour office: all; an operator:
    its civil servants'); each change is in the account's history."""

    serializer_class = UserSerializer
    filterset_class = UserFilter
    permission_classes = [IsAuthenticated, capability_required(Capability.MANAGE_USERS)]

    def get_queryset(self) -> QuerySet[User]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return User.objects.none()
        return users_managed_by(acting_user(self.request)).select_related("civil_servant").order_by("username")

    def _done(self, user: User) -> Response:
        user.refresh_from_db()
        return Response(UserSerializer(user).data)

    @extend_schema(request=DeactivateSerializer, responses=UserSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: str | None = None) -> Response:
        payload = DeactivateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = self.get_object()
        user_deactivate(actor=acting_user(request), user=user, reason=payload.validated_data["reason"])
        return self._done(user)

    @extend_schema(request=None, responses=UserSerializer)
    @action(detail=True, methods=["post"])
    def reactivate(self, request: Request, pk: str | None = None) -> Response:
        user = self.get_object()
        user_reactivate(actor=acting_user(request), user=user)
        return self._done(user)

    @extend_schema(request=None, responses=UserSerializer)
    @action(detail=True, methods=["post"])
    def unlock(self, request: Request, pk: str | None = None) -> Response:
        user = self.get_object()
        user_unlock(actor=acting_user(request), user=user)
        return self._done(user)

    @extend_schema(request=RoleSerializer, responses=UserSerializer)
    @action(detail=True, methods=["post"])
    def role(self, request: Request, pk: str | None = None) -> Response:
        payload = RoleSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user, data = self.get_object(), payload.validated_data
        agency = Agency.objects.filter(pk=data.get("agency") or 0).first()
        district = Region.objects.filter(code=data.get("district", "")).first()
        region = Region.objects.filter(code=data.get("region", "")).first()
        if data.get("region") and region is None:
            raise ApplicationError(_("Wilayah %(code)s tidak ada.") % {"code": data["region"]}, field="region")
        user_role_change(actor=acting_user(request), user=user, role=data["role"], agency=agency, district=district,
                         region=region)  # fmt: skip
        return self._done(user)
