from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from peduli.core.forms import BootstrapFormMixin
from peduli.core.identity import normalize_nip


class LoginForm(BootstrapFormMixin, AuthenticationForm):
    """Log in with a username, or a civil servant's NIP typed with or without
    spaces."""

    username = forms.CharField(
        label=_("NIP atau nama pengguna"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Kata sandi"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _("NIP/nama pengguna atau kata sandi salah. Periksa lalu coba lagi."),
        "inactive": _("Akun ini tidak aktif. Hubungi admin Disperinaker."),
    }

    def clean_username(self) -> str:
        raw = self.cleaned_data["username"].strip()
        digits = normalize_nip(raw)
        return digits if digits.isdigit() else raw


class PeduliPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass


class PeduliPasswordResetForm(BootstrapFormMixin, PasswordResetForm):
    email = forms.EmailField(label=_("Alamat e-mail akun Anda"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))  # fmt: skip


class PeduliSetPasswordForm(BootstrapFormMixin, SetPasswordForm):
    pass


class SecondFactorForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Kode dari aplikasi autentikator"), max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )  # fmt: skip
