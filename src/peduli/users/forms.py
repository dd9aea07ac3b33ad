from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from peduli.accounts.models import Role, User
from peduli.agencies.models import Agency
from peduli.agencies.selectors import agency_queryset_manageable_by
from peduli.core.forms import BootstrapFormMixin, DateField
from peduli.regions.models import Region
from peduli.regions.scoping import user_region_code
from peduli.regions.selectors import instance_regions, work_regions

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


class ProfileForm(BootstrapFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Nama"), max_length=300)
    phone = forms.RegexField(
        label=_("Nomor HP"), regex=r"^\+?[0-9 ]{8,20}$", required=False,
        error_messages={"invalid": _("Tulis nomor HP dengan angka saja, misalnya 0812 3456 7890.")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )  # fmt: skip
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    notify_by_email = forms.BooleanField(
        label=_("Kirim juga pemberitahuan ke e-mail saya"), required=False,
        help_text=_("Setelah alamatnya dipastikan lewat tautan yang kami kirim."),
    )  # fmt: skip

    def __init__(self, *args: Any, from_roster: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if from_roster:
            self.fields["full_name"].disabled = True
            self.fields["full_name"].help_text = _("Dari data ASN; diubah oleh operator OPD Anda.")


class RoleFieldsMixin(forms.Form):
    """A role other than civil servant and the place it is bound to."""

    role = forms.ChoiceField(label=_("Peran"), choices=[c for c in Role.choices if c[0] != Role.CIVIL_SERVANT])
    agency = forms.ModelChoiceField(label=_("OPD (operator OPD)"), queryset=Agency.objects.none(),
                                    required=False)  # fmt: skip
    district = forms.ModelChoiceField(label=_("Kecamatan (operator kecamatan)"), queryset=Region.objects.none(),
                                      required=False)  # fmt: skip
    # Only where the instance serves more than one regency (a province, the nation).
    region = forms.ModelChoiceField(
        label=_("Wilayah kerja (peran selain operator dan ASN)"), queryset=Region.objects.none(), required=False,
        empty_label=_("Seluruh wilayah instansi"),
    )  # fmt: skip

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The places of the actor's own region: another regency's agencies are not theirs to staff.
        region = user_region_code(actor)
        self.fields["agency"].queryset = agency_queryset_manageable_by(actor).order_by("name")  # type: ignore[attr-defined]
        districts = instance_regions(Region.Level.DISTRICT)
        self.fields["district"].queryset = districts.filter(code__startswith=f"{region}.") if region else districts  # type: ignore[attr-defined]
        regions = work_regions()
        if regions.exists():
            self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        else:
            del self.fields["region"]


class UserCreateForm(BootstrapFormMixin, RoleFieldsMixin):
    """An account for someone who is not in the roster (civil servants get
    theirs from it): the owner chooses the password from an e-mailed link."""

    username = forms.CharField(label=_("Nama pengguna"), max_length=150, help_text=_("Huruf kecil, tanpa spasi."))
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=300)
    email = forms.EmailField(label=_("E-mail"), help_text=_("Tautan untuk membuat kata sandi dikirim ke sini."))
    field_order = ["username", "full_name", "email", "role", "agency", "district", "region"]


class RoleChangeForm(BootstrapFormMixin, RoleFieldsMixin):
    """The labour office moves an account to another role or place."""
