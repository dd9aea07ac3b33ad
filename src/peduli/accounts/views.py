from base64 import b32encode
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from knox.settings import knox_settings

from peduli.accounts.client_address import client_address
from peduli.accounts.forms import (
    LoginForm,
    PeduliPasswordChangeForm,
    PeduliPasswordResetForm,
    PeduliSetPasswordForm,
    SecondFactorForm,
)
from peduli.accounts.roles import as_user
from peduli.accounts.tokens import api_token_issue, api_token_revoke, api_tokens_of
from peduli.accounts.two_factor import (
    second_factor_check,
    second_factor_confirm,
    second_factor_device,
    second_factor_pending_device,
)
from peduli.core.errors import ApplicationError
from peduli.core.forms import show_error


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PeduliPasswordChangeForm
    success_url = reverse_lazy("site:dashboard")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        messages.success(self.request, _("Kata sandi diganti."))
        return super().form_valid(form)


# Reset requests per client address in a quarter of an hour: enough for a
# typo, too few to mail-bomb someone.
RESET_REQUESTS = 5
RESET_WINDOW_SECONDS = 15 * 60


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by e-mail, in Indonesian; the same answer whether or not
    an account has the address, and limited per client address."""

    form_class = PeduliPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        cache, key = caches["throttle"], f"password-reset:{client_address(request)}"
        tries = int(cache.get(key, 0))
        if tries >= RESET_REQUESTS:
            form = self.get_form()
            form.add_error(None, _("Terlalu banyak permintaan dari perangkat ini. Coba lagi 15 menit lagi."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        cache.set(key, tries + 1, RESET_WINDOW_SECONDS)
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = PeduliSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:  # type: ignore[type-arg]
        messages.success(self.request, _("Kata sandi baru disimpan. Silakan masuk."))
        return super().form_valid(form)


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's API tokens that still work; a POST issues a new one, shown once."""
    user = as_user(request.user)
    assert user is not None
    issued = ""
    if request.method == "POST":
        try:
            _token, issued = api_token_issue(user=user)
        except ApplicationError as error:
            messages.error(request, error.message)
    context = {"tokens": api_tokens_of(user), "issued": issued, "ttl_days": knox_settings.TOKEN_TTL.days}
    response = render(request, "accounts/api_tokens.html", context)
    response["Cache-Control"] = "no-store"  # the new token is on this page once
    return response


@require_POST
@login_required
def api_token_revoke_view(request: HttpRequest, token_key: str) -> HttpResponse:
    user = as_user(request.user)
    assert user is not None
    try:
        api_token_revoke(user=user, token_key=token_key)
        messages.success(request, _("Token dicabut."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("accounts:api_tokens")


def _after_second_factor(request: HttpRequest) -> HttpResponse:
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("site:dashboard")
    return redirect(target)


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """The second step of a login: a code from the user's authenticator app."""
    user = as_user(request.user)
    assert user is not None
    if second_factor_device(user) is None:
        return redirect(f"{reverse('accounts:second_factor_setup')}?{request.GET.urlencode()}")
    form = SecondFactorForm(request.POST or None)
    if form.is_valid():
        try:
            otp_login(request, second_factor_check(user=user, code=form.cleaned_data["code"]))
            return _after_second_factor(request)
        except ApplicationError as error:
            show_error(form, error)
    return render(request, "accounts/second_factor.html", {"form": form})


@login_required
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Setting up the authenticator app once: a QR code (and its secret typed
    by hand), then a code the app shows."""
    user = as_user(request.user)
    assert user is not None
    if second_factor_device(user) is not None:
        return redirect(f"{reverse('accounts:second_factor')}?{request.GET.urlencode()}")
    device = second_factor_pending_device(user)
    form = SecondFactorForm(request.POST or None)
    if form.is_valid():
        try:
            otp_login(request, second_factor_confirm(user=user, code=form.cleaned_data["code"]))
            messages.success(request, _("Autentikasi dua langkah aktif."))
            return _after_second_factor(request)
        except ApplicationError as error:
            show_error(form, error)
    context = {
        "form": form,
        "qr": mark_safe(segno.make(device.config_url).svg_inline(scale=4)),
        "secret": b32encode(device.bin_key).decode(),
    }
    response = render(request, "accounts/second_factor_setup.html", context)
    response["Cache-Control"] = "no-store"
    return response
