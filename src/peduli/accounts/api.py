"""API tokens over the API: issue one with a username (or NIP) and
password, list and revoke one's own (`accounts.tokens`)."""

from typing import Any

from django.contrib.auth import authenticate
from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from peduli.accounts.client_address import client_address
from peduli.accounts.models import SignedInSession, User
from peduli.accounts.roles import as_user
from peduli.accounts.sessions import signed_in_session_end, signed_in_sessions_end, signed_in_sessions_of
from peduli.accounts.tokens import api_token_issue, api_token_revoke, api_tokens_of, api_tokens_revoke_all
from peduli.accounts.two_factor import second_factor_check, second_factor_device, second_factor_required
from peduli.core.errors import ApplicationError
from peduli.core.personal_data import own_account_read


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, help_text="NIP atau nama pengguna")
    password = serializers.CharField(max_length=128, style={"input_type": "password"})
    otp = serializers.CharField(
        max_length=10, required=False, default="",
        help_text="Kode aplikasi autentikator: wajib bagi peran yang masuk dengan autentikasi dua langkah",
    )  # fmt: skip


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuthToken
        fields = ["token_key", "created", "expiry"]


class IssuedTokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Ditampilkan sekali ini saja; kirim sebagai 'Authorization: Token …'.")
    token_key = serializers.CharField()
    expiry = serializers.DateTimeField(allow_null=True)


def _caller(request: Request) -> User:
    user = as_user(request.user)
    assert user is not None  # IsAuthenticated is the default permission
    return user


def issued(token: AuthToken, raw: str) -> dict[str, Any]:
    return {"token": raw, "token_key": token.token_key, "expiry": token.expiry}


class LoginThrottle(SimpleRateThrottle):
    """Token requests per client address (as the trusted proxy saw it,
    `accounts.client_address`), counted in the `throttle` cache: guessing
    passwords through the API stays slow, beside the lockout."""

    scope = "login"
    cache = ConnectionProxy(caches, "throttle")  # type: ignore[assignment]

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_address(request._request)}


class TokenIssueView(APIView):
    """A new API token for the account whose username (or NIP) and password are given."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [LoginThrottle]

    @extend_schema(request=TokenRequestSerializer, responses={201: IssuedTokenSerializer})
    def post(self, request: Request) -> Response:
        body = TokenRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        credentials = {k: body.validated_data[k] for k in ("username", "password")}
        user = authenticate(request._request, **credentials)
        if not isinstance(user, User):
            # One answer whether the account exists or not.
            raise serializers.ValidationError({"non_field_errors": [_("NIP/nama pengguna atau kata sandi salah.")]})
        if second_factor_required(user):
            if second_factor_device(user) is None:
                raise serializers.ValidationError(
                    {"otp": [_("Pasang autentikasi dua langkah lewat halaman web Peduli dulu.")]}
                )
            try:
                second_factor_check(user=user, code=body.validated_data["otp"])
            except ApplicationError as error:
                raise serializers.ValidationError({"otp": [error.message]}) from error
        token, raw = api_token_issue(user=user)
        return Response(issued(token, raw), status=status.HTTP_201_CREATED)


class TokenViewSet(viewsets.GenericViewSet):
    """The caller's own API tokens that still work: list, revoke one, revoke all."""

    serializer_class = TokenSerializer
    queryset = AuthToken.objects.none()  # the schema's model; a caller's own come from get_queryset
    lookup_field = "token_key"
    pagination_class = None

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return api_tokens_of(_caller(self.request))

    def list(self, request: Request) -> Response:
        return Response(TokenSerializer(self.get_queryset(), many=True).data)

    def destroy(self, request: Request, token_key: str) -> Response:
        try:
            api_token_revoke(user=_caller(request), token_key=token_key)
        except ApplicationError as error:
            raise exceptions.NotFound(error.message) from error
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={200: None})
    @action(detail=False, methods=["post"], url_path="revoke-all")
    def revoke_all(self, request: Request) -> Response:
        return Response({"revoked": api_tokens_revoke_all(user=_caller(request))})


class SignedInSessionSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField(help_text="the session of this very request")

    class Meta:
        model = SignedInSession
        fields = ["id", "device", "address", "started_at", "last_seen_at", "current"]

    def get_current(self, session: SignedInSession) -> bool:
        request = self.context.get("request")
        own = getattr(getattr(request, "session", None), "session_key", None)
        return own is not None and session.session_key == own


def _session_key(request: Request) -> str | None:
    return getattr(getattr(request, "session", None), "session_key", None)


class SignedInSessionViewSet(viewsets.GenericViewSet):
    """The browsers signed in as the caller: list them, sign one out, or
    every one but the caller's own (a token's caller has none of its own)."""

    serializer_class = SignedInSessionSerializer
    queryset = SignedInSession.objects.none()  # the schema's model
    pagination_class = None

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        with own_account_read():
            return list(signed_in_sessions_of(_caller(self.request)))

    def list(self, request: Request) -> Response:
        return Response(self.get_serializer(self.get_queryset(), many=True).data)

    def destroy(self, request: Request, pk: str) -> Response:
        try:
            signed_in_session_end(user=_caller(request), pk=int(pk), current_key=_session_key(request))
        except (ApplicationError, ValueError) as error:
            raise exceptions.NotFound(getattr(error, "message", str(error))) from error
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={200: None})
    @action(detail=False, methods=["post"], url_path="end-others")
    def end_others(self, request: Request) -> Response:
        return Response({"ended": signed_in_sessions_end(user=_caller(request), keep_key=_session_key(request))})
