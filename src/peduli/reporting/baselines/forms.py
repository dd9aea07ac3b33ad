"""Forms of the baseline and target pages. They only parse input; the
services decide, and their refusal is shown beside the field it names."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peduli.core.forms import BootstrapFormMixin
from peduli.regions.models import Region

NUMBER = {"inputmode": "numeric", "autocomplete": "off"}
DECIMAL = {"inputmode": "decimal", "autocomplete": "off"}


class BaselineForm(BootstrapFormMixin, forms.Form):
    district = forms.ModelChoiceField(
        label=_("Kecamatan"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("Seluruh kabupaten"),
        help_text=_("Kosongkan bila angkanya untuk seluruh kabupaten."),
    )
    year = forms.IntegerField(label=_("Tahun"), widget=forms.NumberInput(attrs=NUMBER))
    informal_workers = forms.IntegerField(
        label=_("Jumlah pekerja informal"), widget=forms.NumberInput(attrs=NUMBER), help_text=_("Tanpa titik.")
    )
    source = forms.CharField(
        label=_("Sumber data"), max_length=255, help_text=_("Misalnya BPS Kabupaten Kendal, Sakernas Agustus 2024.")
    )
    stated_share_pct = forms.DecimalField(
        label=_("Persentase tertulis di sumber (%)"),
        required=False,
        max_digits=6,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs=DECIMAL),
        help_text=_("Boleh kosong. Hanya untuk pemeriksaan; Peduli selalu menghitung persentasenya sendiri."),
    )

    def __init__(self, *args: Any, regency: Region, fixed_place: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        districts = Region.objects.filter(parent=regency, level=Region.Level.DISTRICT).order_by("code")
        self.fields["district"].queryset = districts  # type: ignore[attr-defined]
        # A recorded figure is corrected in place; another place or year is a new figure.
        self.fields["district"].disabled = self.fields["year"].disabled = fixed_place


class TargetForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Tahun"), widget=forms.NumberInput(attrs=NUMBER))
    coverage_pct = forms.DecimalField(
        label=_("Target cakupan (%)"),
        max_digits=5,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs=DECIMAL),
        help_text=_("Bagian pekerja informal yang terlindungi, misalnya 51,64."),
    )
    legal_source = forms.CharField(
        label=_("Dasar hukum"), max_length=255, help_text=_("Misalnya RPJMD Kabupaten Kendal 2025–2029.")
    )

    def __init__(self, *args: Any, fixed_year: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].disabled = fixed_year
