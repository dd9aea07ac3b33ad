from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from peduli.core.forms import BootstrapFormMixin, DateField

NEW_PASSWORD = {"autocomplete": "new-password"}


class ActivationForm(BootstrapFormMixin, forms.Form):
    """What a civil servant types from their slip, and the password they choose."""

    nip = forms.CharField(
        label=_("NIP"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "username"}),
    )
    birth_date = DateField(label=_("Tanggal lahir"))
    code = forms.CharField(
        label=_("Kode aktivasi"),
        max_length=20,
        help_text=_("Delapan huruf/angka pada slip."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )
    password = forms.CharField(
        label=_("Kata sandi baru"),
        widget=forms.PasswordInput(attrs=NEW_PASSWORD),
        help_text=password_validators_help_text_html,
    )
    password_again = forms.CharField(label=_("Ulangi kata sandi"), widget=forms.PasswordInput(attrs=NEW_PASSWORD))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("Kedua kata sandi tidak sama."))
        return data
