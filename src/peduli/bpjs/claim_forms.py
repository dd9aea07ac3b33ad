"""Forms and filters of the claim pages. They only parse input; the services decide."""

from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from peduli.bpjs.claim_selectors import FUNDING_LABELS
from peduli.bpjs.claim_services import MAX_SCHOLARSHIP_CHILDREN, ClaimData
from peduli.bpjs.models import Claim
from peduli.core.forms import BootstrapFormMixin, DateField, FilterForm
from peduli.ledger.forms import MonthField
from peduli.regions.models import Region
from peduli.regions.selectors import instance_regions


class ClaimForm(BootstrapFormMixin, forms.Form):
    reference = forms.CharField(label=_("Nomor klaim"), max_length=40, help_text=_("Nomor klaim dari BPJS."))
    nik = forms.CharField(label=_("NIK peserta"), max_length=24)
    name = forms.CharField(label=_("Nama peserta"), max_length=150, required=False)
    kpj = forms.CharField(label=_("Nomor KPJ"), max_length=20, required=False)
    kind = forms.ChoiceField(label=_("Jenis"), choices=Claim.Kind.choices)
    incident_date = DateField(label=_("Tanggal kejadian"))
    status = forms.ChoiceField(label=_("Status"), choices=Claim.Status.choices)
    amount_paid = forms.IntegerField(label=_("Manfaat dibayar (Rp)"), min_value=0, initial=0)
    heirs_benefit = forms.IntegerField(label=_("Santunan ahli waris (Rp)"), min_value=0, initial=0)
    scholarship_children = forms.IntegerField(
        label=_("Anak penerima beasiswa"), min_value=0, max_value=MAX_SCHOLARSHIP_CHILDREN, initial=0
    )
    paid_on = DateField(label=_("Tanggal dibayar"), required=False)
    note = forms.CharField(label=_("Catatan"), max_length=255, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            # The claim number is the claim's identity: it is not edited.
            self.fields["reference"].disabled = True

    @classmethod
    def initial_of(cls, claim: Claim) -> dict[str, Any]:
        return {name: getattr(claim, name) for name in cls.base_fields}

    def data_object(self) -> ClaimData:
        return ClaimData(**self.cleaned_data)


class ClaimFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Cari nomor klaim, NIK atau nama"), method="search")
    kind = filters.ChoiceFilter(label=_("Jenis"), choices=Claim.Kind.choices, empty_label=_("Semua jenis"))
    status = filters.ChoiceFilter(label=_("Status"), choices=Claim.Status.choices, empty_label=_("Semua status"))
    kecamatan = filters.ModelChoiceFilter(
        label=_("Kecamatan"), field_name="district", queryset=Region.objects.none(), empty_label=_("Semua kecamatan")
    )
    sumber = filters.ChoiceFilter(
        label=_("Sumber iuran"), field_name="funding_source", empty_label=_("Semua sumber"),
        choices=[(key, label) for key, label in FUNDING_LABELS.items() if key],
    )  # fmt: skip

    class Meta:
        model = Claim
        fields: list[str] = []
        form = FilterForm

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["kecamatan"].queryset = instance_regions(Region.Level.DISTRICT)

    def search(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        text = value.strip()
        return queryset.filter(Q(reference__iexact=text) | Q(nik=text) | Q(name__icontains=text))


class ImpactForm(BootstrapFormMixin, forms.Form):
    """The period (by payment date) and district of the impact page."""

    first = MonthField(label=_("Dari bulan"), required=False, help_text=_("Kosong: sejak awal."))
    last = MonthField(label=_("Sampai bulan"), required=False)
    district = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=Region.objects.none(), required=False, empty_label=_("Semua kecamatan")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = instance_regions(Region.Level.DISTRICT)  # type: ignore[attr-defined]
