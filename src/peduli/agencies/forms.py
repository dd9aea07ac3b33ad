"""Forms of the agency and roster pages. They only parse input; the services
decide, and their ApplicationError is shown beside the field it names."""

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from peduli.agencies.models import Agency, CivilServant
from peduli.agencies.services import CivilServantData
from peduli.core.forms import BootstrapFormMixin, DateField, SearchInput
from peduli.regions.models import Region
from peduli.regions.selectors import VILLAGE_AMBIGUOUS, instance_regions, village_code_typed, village_label

# Django's own "Select a valid choice" has no Indonesian translation.
DISTRICT_NOT_OFFERED = _("Pilih kecamatan dari daftar: hanya kecamatan wilayah instansi ini yang dapat dipilih.")


class AgencyCreateForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(label=_("Kode OPD"), max_length=20, help_text=_("Kode tetap, misalnya DISPERINAKER."))
    name = forms.CharField(label=_("Nama"), max_length=200)
    short_name = forms.CharField(label=_("Singkatan"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Jenis"), choices=Agency.Kind.choices)
    district = forms.ModelChoiceField(
        label=_("Kecamatan"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("Wajib untuk kantor kecamatan."),
        error_messages={"invalid_choice": DISTRICT_NOT_OFFERED},
    )
    valid_from = DateField(label=_("Berlaku sejak"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = instance_regions(Region.Level.DISTRICT)  # type: ignore[attr-defined]


class AgencyUpdateForm(BootstrapFormMixin, forms.Form):
    short_name = forms.CharField(label=_("Singkatan"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Jenis"), choices=Agency.Kind.choices)
    district = forms.ModelChoiceField(
        label=_("Kecamatan"),
        queryset=Region.objects.none(),
        required=False,
        error_messages={"invalid_choice": DISTRICT_NOT_OFFERED},
    )
    valid_until = DateField(label=_("Berlaku sampai"), required=False, help_text=_("Isi bila OPD dibubarkan/dilebur."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = instance_regions(Region.Level.DISTRICT)  # type: ignore[attr-defined]


class AgencyRenameForm(BootstrapFormMixin, forms.Form):
    new_name = forms.CharField(label=_("Nama baru"), max_length=200)
    effective = DateField(label=_("Berlaku sejak"))


class CivilServantForm(BootstrapFormMixin, forms.Form):
    nip = forms.CharField(
        label=_("NIP"), max_length=24, help_text=_("18 digit, tanpa spasi."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip
    name = forms.CharField(label=_("Nama lengkap (dengan gelar)"), max_length=150)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=CivilServant.Sex.choices)
    birth_date = DateField(label=_("Tanggal lahir"))
    employment_type = forms.ChoiceField(label=_("Jenis ASN"), choices=CivilServant.EmploymentType.choices)
    agency = forms.ModelChoiceField(label=_("OPD"), queryset=Agency.objects.none())
    unit = forms.CharField(label=_("Unit kerja"), max_length=200, required=False)
    rank = forms.CharField(label=_("Golongan"), max_length=8, required=False, help_text=_("PNS: III/a; PPPK: IX."))
    position = forms.CharField(label=_("Jabatan"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Nomor HP"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    email = forms.EmailField(
        label=_("Alamat e-mail"), max_length=254, required=False,
        help_text=_("Boleh dikosongkan; bila diisi, kode aktivasi dapat dikirim ke alamat ini."),
    )  # fmt: skip
    # Suggested from the instance's villages as one types; a code from elsewhere is taken too.
    home_village = forms.CharField(
        label=_("Desa tempat tinggal"), required=False, max_length=200,
        widget=SearchInput(url=reverse_lazy("regions:village_search"), attrs={"spellcheck": "false"}),
        help_text=_("Ketik sebagian nama desa lalu pilih dari daftar, atau tulis kode Kemendagri "
                    "(misalnya 33.24.15.2001); boleh dikosongkan."),
    )  # fmt: skip
    service_start = DateField(
        label=_("Mulai bertugas"), required=False,
        help_text=_("Kosongkan untuk memakai TMT pada NIP."),
    )  # fmt: skip

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean_home_village(self) -> Region | None:
        text = self.cleaned_data["home_village"].strip()
        if not text:
            return None
        code, named = village_code_typed(instance_regions(Region.Level.VILLAGE), text)
        village = Region.objects.filter(code=code, level=Region.Level.VILLAGE).first() if code else None
        if village is not None:
            return village
        if named:
            raise forms.ValidationError(VILLAGE_AMBIGUOUS % {"name": text})
        raise forms.ValidationError(_("Kode desa %(code)s tidak ada dalam daftar wilayah.") % {"code": code or text})

    def to_data(self) -> CivilServantData:
        return CivilServantData(**self.cleaned_data)

    @staticmethod
    def initial_for(person: CivilServant) -> dict[str, Any]:
        return {
            "nip": person.nip, "name": person.name, "sex": person.sex, "birth_date": person.birth_date,
            "employment_type": person.employment_type, "agency": person.agency, "unit": person.unit,
            "rank": person.rank, "position": person.position, "phone": person.phone,
            "email": person.email,
            "home_village": village_label(person.home_village) if person.home_village else "",
            "service_start": person.service_start,
        }  # fmt: skip


class CivilServantEndForm(BootstrapFormMixin, forms.Form):
    on = DateField(label=_("TMT berhenti"), help_text=_("Tanggal pertama tidak lagi bertugas."))
    reason = forms.ChoiceField(label=_("Alasan"), choices=CivilServant.EndReason.choices)
