"""Forms of the sponsor and sponsorship pages. They only parse input; the
services decide, and their ApplicationError is shown beside the field it
names (`core.forms.show_error`)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peduli.accounts.models import User
from peduli.accounts.selectors import csr_partner_accounts
from peduli.agencies.models import CivilServant
from peduli.core.formatting import rupiah
from peduli.core.forms import BootstrapFormMixin
from peduli.core.months import YearMonth
from peduli.ledger.forms import MonthField
from peduli.ledger.rates import INCOME_BANDS
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.sponsorships.services import SponsorData

ORGANISATION_KINDS = [choice for choice in Sponsor.Kind.choices if choice[0] != Sponsor.Kind.CIVIL_SERVANT]
NUMERIC = {"inputmode": "numeric", "autocomplete": "off"}


class SponsorForm(BootstrapFormMixin, forms.Form):
    """An organisation or a person who pays; the code and kind are fixed once recorded."""

    kind = forms.ChoiceField(label=_("Jenis"), choices=ORGANISATION_KINDS)
    code = forms.CharField(
        label=_("Kode donatur"), max_length=32, help_text=_("Kode singkat, misalnya CSR-BANKJATENG.")
    )
    name = forms.CharField(label=_("Nama"), max_length=200)
    contact_name = forms.CharField(label=_("Narahubung"), max_length=150, required=False)
    phone = forms.CharField(
        label=_("Nomor HP"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    email = forms.EmailField(label=_("Surel"), required=False)
    address = forms.CharField(label=_("Alamat"), max_length=255, required=False)
    partner = forms.ModelChoiceField(
        label=_("Akun mitra CSR"), required=False, queryset=User.objects.none(),
        help_text=_("Pengguna mitra yang boleh melihat kepesertaan donatur ini."),
    )  # fmt: skip

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = csr_partner_accounts()  # type: ignore[attr-defined]
        if editing:
            for name in ("kind", "code"):
                self.fields[name].disabled = True
                self.fields[name].required = False

    def to_data(self) -> SponsorData:
        return SponsorData(**self.cleaned_data)

    @staticmethod
    def initial_for(sponsor: Sponsor) -> dict[str, Any]:
        return {
            "kind": sponsor.kind, "code": sponsor.code, "name": sponsor.name, "contact_name": sponsor.contact_name,
            "phone": sponsor.phone, "email": sponsor.email, "address": sponsor.address, "partner": sponsor.partner,
        }  # fmt: skip


class SponsorshipStartForm(BootstrapFormMixin, forms.Form):
    """Who pays for whom from when. The sponsor is either one already recorded
    or a civil servant chosen by NIP (who becomes a sponsor on first use)."""

    sponsor = forms.CharField(
        label=_("Kode donatur atau NIP ASN"), max_length=32, widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("ASN yang belum pernah menjadi donatur dicatat sebagai donatur dengan NIP-nya."),
    )  # fmt: skip
    worker_nik = forms.CharField(
        label=_("NIK pekerja"), max_length=24, widget=forms.TextInput(attrs=NUMERIC),
        help_text=_("16 digit; pekerja harus sudah diverifikasi."),
    )  # fmt: skip
    start = MonthField(label=_("Bulan mulai"), initial=YearMonth.current)
    programme = forms.ChoiceField(
        label=_("Program"), choices=Sponsorship.Programme.choices, initial=Sponsorship.Programme.JKK_JKM
    )
    declared_income = forms.TypedChoiceField(
        label=_("Penghasilan yang dilaporkan"), coerce=int,
        choices=[(band, rupiah(band)) for band in INCOME_BANDS],
        help_text=_("Dasar iuran JKK (1%) dan JHT (2%)."),
    )  # fmt: skip

    def __init__(
        self,
        *args: Any,
        sponsors: QuerySet[Sponsor],
        civil_servants: QuerySet[CivilServant],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sponsors, self.civil_servants = sponsors, civil_servants
        preview = {
            "hx-post": reverse("sponsorships:premium"),
            "hx-trigger": "change",
            "hx-target": "#premium",
            "hx-include": "[name=start],[name=programme],[name=declared_income]",
        }
        for name in ("start", "programme", "declared_income"):
            self.fields[name].widget.attrs.update(preview)

    def clean_sponsor(self) -> Sponsor | CivilServant:
        """A recorded sponsor by its code, else a civil servant by NIP."""
        code = self.cleaned_data["sponsor"].strip().upper()
        sponsor = self.sponsors.filter(code=code).first()
        if sponsor is not None:
            return sponsor
        person = self.civil_servants.filter(nip="".join(ch for ch in code if ch.isdigit()) or None).first()
        if person is None:
            raise forms.ValidationError(_("Tidak ada donatur atau ASN dengan kode %(code)s.") % {"code": code})
        return person

    def clean_worker_nik(self) -> str:
        """The 16 digits; which worker they name, and whether that worker may
        be sponsored, is the service's to say (after the other terms, in words
        that tell a caller who may not see the worker nothing about them)."""
        nik = "".join(ch for ch in self.cleaned_data["worker_nik"] if ch.isdigit())
        if len(nik) != 16:
            raise forms.ValidationError(_("NIK terdiri dari 16 digit."))
        return nik


class SponsorshipEndForm(BootstrapFormMixin, forms.Form):
    last_month = MonthField(label=_("Bulan terakhir dibiayai"), initial=YearMonth.current)
    # Nothing chosen beforehand: an end is said on purpose, never by a default.
    reason = forms.ChoiceField(
        label=_("Alasan berakhir"),
        choices=[("", _("— pilih alasan —")), *Sponsorship.EndReason.choices],
        error_messages={"required": _("Pilih alasan berakhir.")},
    )
    note = forms.CharField(label=_("Catatan"), max_length=255, required=False)
