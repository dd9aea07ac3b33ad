"""Forms of the ledger pages. They only parse input; the services decide, and
their ApplicationError is shown beside the field it names (`core.forms.show_error`)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from peduli.core.forms import BootstrapFormMixin, DateField, MonthSelect
from peduli.core.months import YearMonth
from peduli.ledger.services import MANUAL_METHODS, PREPAYMENT_MONTHS
from peduli.sponsorships.models import Sponsor

__all__ = [
    "MonthField",
    "PaymentForm",
    "PaymentReverseForm",
    "PrepayForm",
    "RemittanceConfirmForm",
    "RemittanceCreateForm",
    "StatementForm",
]

METHOD_CHOICES = [(m.value, m.label) for m in MANUAL_METHODS]


class MonthField(forms.CharField):
    """A month picked by its Indonesian name (sent as YYYY-MM), cleaned to a YearMonth."""

    widget = MonthSelect

    def to_python(self, value: Any) -> YearMonth | None:  # type: ignore[override]
        if isinstance(value, YearMonth):
            return value
        text = super().to_python(value)
        if not text:
            return None
        try:
            return YearMonth.parse(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def prepare_value(self, value: Any) -> Any:
        return str(value) if isinstance(value, YearMonth) else value


class SponsorCodeField(forms.CharField):
    """A sponsor named by its code (NIP for a civil servant), looked up among
    the sponsors the user may see."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # The view sets the scoped sponsors (sponsor_queryset_for) per request.
        self.sponsors: QuerySet[Sponsor] = Sponsor.objects.none()

    def clean(self, value: Any) -> Sponsor:  # type: ignore[override]
        code = str(super().clean(value)).strip().upper()
        sponsor = self.sponsors.filter(code=code).first()
        if sponsor is None:
            raise forms.ValidationError(_("Donatur dengan kode %(code)s tidak ditemukan.") % {"code": code})
        return sponsor


class _ReceiptFields(BootstrapFormMixin, forms.Form):
    """How money came in: the fields a payment and a prepayment share."""

    received_on = DateField(label=_("Tanggal diterima"), initial=timezone.localdate)
    method = forms.ChoiceField(label=_("Cara bayar"), choices=METHOD_CHOICES)
    reference = forms.CharField(
        label=_("Nomor bukti"), max_length=64, required=False, help_text=_("Nomor transfer atau kuitansi.")
    )
    source = forms.CharField(
        label=_("Sumber bukti"), max_length=64, required=False,
        help_text=_("Bank atau bendahara OPD; kosongkan untuk memakai cara bayar."),
    )  # fmt: skip


class PaymentForm(_ReceiptFields):
    field_order = ["sponsor", "amount", "received_on", "method", "reference", "source", "note"]
    sponsor = SponsorCodeField(
        label=_("Kode donatur"), max_length=32, help_text=_("NIP untuk ASN; kode singkat untuk lembaga.")
    )
    amount = forms.IntegerField(
        label=_("Jumlah (Rp)"), widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1})
    )
    note = forms.CharField(label=_("Catatan"), max_length=255, required=False)

    def __init__(self, *args: Any, sponsors: QuerySet[Sponsor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].sponsors = sponsors  # type: ignore[attr-defined]


class PaymentReverseForm(BootstrapFormMixin, forms.Form):
    # Not required here: the service asks for the reason in its own words.
    reason = forms.CharField(
        label=_("Alasan pembatalan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=255, required=False
    )


class PrepayForm(_ReceiptFields):
    field_order = ["months", "received_on", "method", "reference", "source"]
    months = forms.TypedChoiceField(
        label=_("Bayar di muka untuk"), coerce=int,
        choices=[(n, ngettext_lazy("%(n)s bulan", "%(n)s bulan", "n") % {"n": n}) for n in PREPAYMENT_MONTHS],
    )  # fmt: skip


class RemittanceCreateForm(BootstrapFormMixin, forms.Form):
    month = MonthField(label=_("Bulan iuran"), initial=YearMonth.current)


class RemittanceConfirmForm(BootstrapFormMixin, forms.Form):
    bpjs_reference = forms.CharField(label=_("Nomor bukti penerimaan BPJS"), max_length=64, required=False)


class StatementForm(BootstrapFormMixin, forms.Form):
    """The period of a sponsor statement; by default the last twelve months."""

    dari = MonthField(label=_("Dari bulan"))
    sampai = MonthField(label=_("Sampai bulan"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("dari"), data.get("sampai")
        if first and last and first > last:
            raise forms.ValidationError(_("Bulan awal harus sebelum bulan akhir."))
        return data

    @staticmethod
    def default_period() -> dict[str, YearMonth]:
        now = YearMonth.current()
        return {"dari": now - 11, "sampai": now}
