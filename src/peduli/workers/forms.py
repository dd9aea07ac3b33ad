"""Forms of the worker pages. They only parse input; the services decide, and
their ApplicationError is shown beside the field it names."""

from typing import Any

from django import forms
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peduli.accounts.models import User
from peduli.core.forms import BootstrapFormMixin, DateField, SearchInput
from peduli.regions.selectors import VILLAGE_AMBIGUOUS, village_code_typed, village_label
from peduli.workers.models import Occupation, Worker
from peduli.workers.selectors import registration_villages
from peduli.workers.services import WorkerData

__all__ = ["WorkerEndForm", "WorkerForm", "WorkerReturnForm"]


class WorkerForm(BootstrapFormMixin, forms.Form):
    nik = forms.CharField(
        label=_("NIK"), max_length=24, help_text=_("16 digit sesuai KTP/KK."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    birth_place = forms.CharField(label=_("Tempat lahir"), max_length=100, required=False)
    birth_date = DateField(label=_("Tanggal lahir"), required=False, help_text=_("Kosongkan untuk mengambil dari NIK."))
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=[("", _("Sesuai NIK")), *Worker.Sex.choices], required=False
    )
    # Searched on the server as the user types: a select of every village
    # would send hundreds of options (tens of thousands for a nation).
    village = forms.CharField(
        label=_("Desa/kelurahan domisili"),
        max_length=200,
        widget=SearchInput(url=reverse_lazy("workers:village_search"), attrs={"spellcheck": "false"}),
        help_text=_("Ketik sebagian nama desa lalu pilih dari daftar, atau tulis kodenya (misalnya 33.24.15.2001)."),
    )
    address = forms.CharField(label=_("Alamat"), max_length=255, required=False)
    rt = forms.CharField(
        label=_("RT"), max_length=3, required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    rw = forms.CharField(
        label=_("RW"), max_length=3, required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    phone = forms.CharField(
        label=_("Nomor HP"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    occupation = forms.ModelChoiceField(label=_("Pekerjaan"), queryset=Occupation.objects.all())
    in_social_register = forms.BooleanField(label=_("Terdaftar di DTKS/DTSEN"), required=False)
    has_disability = forms.BooleanField(label=_("Penyandang disabilitas"), required=False)
    woman_head_of_household = forms.BooleanField(label=_("Perempuan kepala keluarga"), required=False)
    kpj = forms.CharField(label=_("Nomor KPJ BPJS"), max_length=20, required=False, help_text=_("Bila sudah ada."))

    def __init__(self, *args: Any, actor: User | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["nik"].widget.attrs.update(
            {
                "hx-post": reverse("workers:nik_check"),
                "hx-trigger": "input changed delay:400ms, change",
                "hx-target": "#nik-check",
                "hx-include": "[name=sex],[name=birth_date]",
                "aria-describedby": "nik-check",
            }
        )

    def clean_village(self) -> str:
        """The village's code: the one a suggestion or the typed text ends
        with (the service checks it exists and lies in the user's area), or
        that of the one village of the user's area with the typed name."""
        text = self.cleaned_data["village"].strip()
        code, named = village_code_typed(registration_villages(self.actor), text)
        if code:
            return code
        if named:
            message = VILLAGE_AMBIGUOUS
        else:
            message = _(
                "Desa %(name)s tidak ditemukan di wilayah Anda; ketik sebagian namanya lalu pilih dari daftar, "
                "atau tulis kodenya (misalnya 33.24.15.2001)."
            )
        raise forms.ValidationError(message % {"name": text})

    def to_data(self) -> WorkerData:
        data = self.cleaned_data
        return WorkerData(
            nik=data["nik"], name=data["name"], village=data["village"], occupation=data["occupation"].name,
            birth_place=data["birth_place"], birth_date=data["birth_date"], sex=data["sex"], address=data["address"],
            rt=data["rt"], rw=data["rw"],
            phone=data["phone"], in_social_register=data["in_social_register"],
            has_disability=data["has_disability"], woman_head_of_household=data["woman_head_of_household"],
            kpj=data["kpj"],
        )  # fmt: skip

    @staticmethod
    def initial_for(worker: Worker) -> dict[str, Any]:
        return {
            "nik": worker.nik, "name": worker.name, "birth_place": worker.birth_place,
            "birth_date": worker.birth_date, "sex": worker.sex,
            "village": village_label(worker.village), "address": worker.address, "rt": worker.rt, "rw": worker.rw,
            "phone": worker.phone, "occupation": worker.occupation_id,
            "in_social_register": worker.in_social_register, "has_disability": worker.has_disability,
            "woman_head_of_household": worker.woman_head_of_household, "kpj": worker.kpj,
        }  # fmt: skip


class WorkerReturnForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Yang harus diperbaiki"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class WorkerEndForm(BootstrapFormMixin, forms.Form):
    # Nothing chosen beforehand: an end is said on purpose, never by a default.
    reason = forms.ChoiceField(
        label=_("Alasan berakhir"),
        choices=[
            ("", _("— pilih alasan —")),
            *(c for c in Worker.EndReason.choices if c[0] != Worker.EndReason.DUPLICATE),
        ],
        error_messages={"required": _("Pilih alasan berakhir.")},
    )
    on = DateField(label=_("Berlaku sejak"), initial=timezone.localdate)
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own ids: the return form beside it on the worker's page has a "reason" too.
        super().__init__(*args, **{"auto_id": "akhir_%s", **kwargs})
