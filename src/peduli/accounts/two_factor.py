"""Two-factor login (TOTP, django-otp) for the roles that change money or
personal data in bulk (`Capability.LOG_IN_WITH_SECOND_FACTOR`: the labour
office's administrators, BPJS officers, agency and district operators), on
whenever `PEDULI_TWO_FACTOR` is (by default where Peduli is served over
HTTPS). After the password, such a user sets up an authenticator app once
(a QR code, then a code from the app) and gives a code at each login; until
then every page sends them to that step. An API token for them needs a code
too. An administrator whose phone is lost is reset with
`peduli two_factor reset USERNAME`."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, as_user, may
from peduli.core.errors import ApplicationError

DEVICE_NAME = "Aplikasi autentikator"
# What a user who still owes the second factor may open.
OPEN_PATHS = ("/akun/2fa/", "/akun/keluar/", "/static/", "/sehat/", "/api/", "/bahasa/")


def second_factor_required(user: User) -> bool:
    return bool(settings.PEDULI_TWO_FACTOR) and may(user, Capability.LOG_IN_WITH_SECOND_FACTOR)


def second_factor_device(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator, if set up."""
    return next((d for d in devices_for_user(user) if isinstance(d, TOTPDevice)), None)


def _typed(code: str) -> str:
    """A code as the app shows it, typed with spaces or not ("123 456")."""
    return code.strip().replace(" ", "")


def second_factor_pending_device(user: User) -> TOTPDevice:
    """The authenticator being set up (one, kept until confirmed, so the QR code stays the same)."""
    device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": DEVICE_NAME})
    return device


def second_factor_confirm(*, user: User, code: str) -> TOTPDevice:
    """Confirm the authenticator being set up with a code it shows."""
    device = second_factor_pending_device(user)
    if not device.verify_token(_typed(code)):
        raise ApplicationError(
            _("Kode salah atau sudah lewat. Masukkan 6 angka yang tampil di aplikasi sekarang."), field="code"
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return device


def second_factor_check(*, user: User, code: str) -> TOTPDevice:
    """The confirmed device that accepts `code`, or a refusal."""
    device = match_token(user, _typed(code))
    if not isinstance(device, TOTPDevice):
        raise ApplicationError(_("Kode autentikator salah atau sudah lewat."), field="code")
    return device


def second_factor_reset(*, user: User) -> int:
    """Forget the user's authenticators (a lost phone): they set one up again at the next login."""
    deleted, _by_model = TOTPDevice.objects.filter(user=user).delete()
    return deleted


class SecondFactorMiddleware:
    """Sends a logged-in user who owes the second factor to set it up or give
    it before any page (after django_otp's OTPMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = as_user(request.user)  # type: ignore[arg-type]
        if (
            user is not None
            and not request.path.startswith(OPEN_PATHS)
            and second_factor_required(user)
            and not request.user.is_verified()  # type: ignore[union-attr]
        ):
            step = "accounts:second_factor" if second_factor_device(user) else "accounts:second_factor_setup"
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
