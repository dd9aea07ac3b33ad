"""API tokens (django-rest-knox): stored only as a hash, valid for
`REST_KNOX["TOKEN_TTL"]` (`PEDULI_API_TOKEN_DAYS`, 30 days), at most ten per
user, listed and revoked by their owner, and refused once the owner's
password has changed (`User.password_changed_at`, set however the password
is changed) — so a leaked token dies with a password change or by itself."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from knox.models import AuthToken
from knox.settings import knox_settings
from rest_framework import exceptions
from rest_framework.request import Request

from peduli.accounts.models import User
from peduli.core.errors import ApplicationError
from peduli.core.personal_data import own_account_read


def _valid(tokens: QuerySet[AuthToken], user: User) -> QuerySet[AuthToken]:
    tokens = tokens.filter(Q(expiry__isnull=True) | Q(expiry__gt=timezone.now()))
    if user.password_changed_at is not None:
        tokens = tokens.filter(created__gte=user.password_changed_at)
    return tokens


class ExpiringTokenAuthentication(TokenAuthentication):
    """Knox's token check, refusing a token issued before the password
    changed, with its refusals in Indonesian."""

    def authenticate(self, request: Request) -> Any:
        try:
            with own_account_read():  # the caller's own account (ADR 0018's own-row rule)
                return super().authenticate(request)
        except exceptions.AuthenticationFailed as error:
            raise exceptions.AuthenticationFailed(
                _("Token API tidak dikenal atau sudah kedaluwarsa. Minta token baru.")
            ) from error

    def validate_user(self, auth_token: AuthToken) -> tuple[User, AuthToken]:
        user = auth_token.user
        if user.password_changed_at is not None and auth_token.created < user.password_changed_at:
            raise exceptions.AuthenticationFailed(_("Token API tidak berlaku lagi: kata sandi sudah diganti."))
        validated: tuple[User, AuthToken] = super().validate_user(auth_token)
        return validated


def api_tokens_of(user: User) -> QuerySet[AuthToken]:
    """The user's tokens that still work, newest first."""
    return _valid(AuthToken.objects.filter(user=user), user).order_by("-created")


def api_token_issue(*, user: User) -> tuple[AuthToken, str]:
    """A new token for `user`: the record, and the token itself, shown once."""
    if not user.is_active:
        raise ApplicationError(_("Akun ini tidak aktif."), code="forbidden")
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit is not None and api_tokens_of(user).count() >= limit:
        raise ApplicationError(
            _("Paling banyak %(n)s token API aktif per akun; cabut token yang tidak dipakai dulu.") % {"n": limit}
        )
    token, raw = AuthToken.objects.create(user=user)
    return token, raw


def api_token_revoke(*, user: User, token_key: str) -> None:
    """Revoke one of `user`'s tokens, named by its first characters (`token_key`)."""
    deleted, _by_model = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    if not deleted:
        raise ApplicationError(_("Token API itu tidak ada pada akun ini."), field="token_key", code="not_found")


def api_tokens_revoke_all(*, user: User) -> int:
    """Revoke every token of `user`; how many there were."""
    deleted, _by_model = AuthToken.objects.filter(user=user).delete()
    return deleted


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document describes the token: `Authorization: Token …`."""

    target_class = ExpiringTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey", "in": "header", "name": "Authorization",
            "description": "Token dari POST /api/v1/auth/token/, dikirim sebagai `Token <token>`.",
        }  # fmt: skip
