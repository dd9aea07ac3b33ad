from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from knox.settings import knox_settings

from peduli.accounts.forms import LoginForm, PeduliPasswordChangeForm
from peduli.accounts.roles import as_user
from peduli.accounts.tokens import api_token_issue, api_token_revoke, api_tokens_of
from peduli.core.errors import ApplicationError


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
