"""The scenario form. It only parses input; `planner.services` decides, and
its refusal is shown beside the field it names (`core.forms.show_error`)."""

from dataclasses import fields
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from peduli.core.forms import BootstrapFormMixin
from peduli.ledger.forms import MonthField
from peduli.planner.models import Scenario
from peduli.planner.selectors import CapacityDefault
from peduli.planner.services import START_FIELDS, ScenarioData, scenario_data_of

__all__ = ["START_GROUP", "ScenarioForm"]

MONEY = forms.NumberInput(attrs={"inputmode": "numeric", "step": "1", "min": "0"})
PERCENT = forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"})


def _count(label: StrOrPromise, help_text: StrOrPromise) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, help_text=help_text, required=False, min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
    )  # fmt: skip


BUDGET_HELP = _(
    "Dibagi ke 12 bulan dalam rupiah utuh yang jumlahnya tepat sama; uang sebulan yang tidak terpakai untuk iuran "
    "tercatat sebagai tak terpakai dan tidak dibawa ke bulan berikutnya."
)


def _budget(label: StrOrPromise, help_text: StrOrPromise) -> forms.IntegerField:
    return forms.IntegerField(label=label, help_text=help_text, min_value=0, initial=0, widget=MONEY)


def _percent(label: StrOrPromise, help_text: StrOrPromise, **bounds: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, help_text=help_text, max_digits=5, decimal_places=2, initial=0, widget=PERCENT, **bounds
    )


class ScenarioForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Nama skenario"), max_length=120, help_text=_("Misalnya: Dorongan ASN 2026."))
    description = forms.CharField(
        label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Dasar asumsi, sumber angka, atau catatan rapat."),
    )  # fmt: skip
    start_month = MonthField(
        label=_("Bulan awal"),
        help_text=_("Proyeksi dimulai dari angka bulan ini dan berjalan sampai Desember 2045."),
    )

    informal_workers = _count(_("Pekerja informal"), _("Penyebut cakupan, misalnya data BPS."))
    protected_workers = _count(
        _("Pekerja terlindungi"), _("Semua pekerja informal yang iurannya aktif, siapa pun yang membayar.")
    )
    civil_servants = _count(_("Jumlah ASN"), _("Seluruh ASN (PNS dan PPPK) pada bulan awal."))
    sponsoring_civil_servants = _count(_("ASN donatur"), _("ASN yang membayar iuran pekerja pada bulan awal."))
    workers_by_civil_servants = _count(
        _("Pekerja dibiayai ASN"), _("Termasuk dalam pekerja terlindungi; sisanya dihitung sebagai mandiri & lainnya.")
    )

    civil_servant_growth = forms.ChoiceField(
        label=_("Cara pertumbuhan ASN donatur"), choices=Scenario.Growth.choices,
        help_text=_("Jumlah tetap per bulan, atau persen dari seluruh ASN per tahun."),
    )  # fmt: skip
    new_sponsors_per_month = forms.IntegerField(
        label=_("ASN donatur baru per bulan"), min_value=0, initial=0,
        help_text=_("Dipakai bila cara pertumbuhan “tambahan per bulan”."),
    )  # fmt: skip
    sponsors_pct_per_year = _percent(
        _("ASN donatur baru per tahun (% seluruh ASN)"), _("Dipakai bila cara pertumbuhan “persen per tahun”."),
        min_value=0, max_value=100,
    )  # fmt: skip
    workers_per_sponsor = _percent(
        _("Pekerja per ASN donatur baru"), _("1 berarti setiap ASN baru membiayai satu pekerja."),
        min_value=0, max_value=20,
    )  # fmt: skip
    csr_per_year = _budget(_("Anggaran CSR perusahaan (Rp/tahun)"), _("Dana tambahan di luar yang sudah berjalan."))
    bumd_per_year = _budget(_("Anggaran CSR BUMD (Rp/tahun)"), _("Dana tambahan di luar yang sudah berjalan."))
    dbhcht_per_year = _budget(_("Anggaran DBHCHT (Rp/tahun)"), _("Bagi hasil cukai hasil tembakau."))
    apbd_per_year = _budget(_("Anggaran APBD (Rp/tahun)"), _("Belanja daerah untuk iuran pekerja rentan."))
    self_paying_growth_pct = _percent(
        _("Pertumbuhan peserta mandiri (%/tahun)"), _("Boleh negatif."), min_value=-50, max_value=100
    )
    informal_growth_pct = _percent(
        _("Pertumbuhan pekerja informal (%/tahun)"), _("Boleh negatif."), min_value=-20, max_value=20
    )
    enrolment_capacity_per_month = _count(
        _("Kapasitas pendaftaran (pekerja baru/bulan)"),
        _("Pekerja baru yang dibiayai anggaran yang dapat dijangkau dan didaftarkan tim pendata dalam sebulan; "
          "anggaran membiayai paling banyak sejumlah ini pekerja baru setiap bulan."),
    )  # fmt: skip
    lapse_pct_per_month = _percent(
        _("Peserta berhenti (%/bulan)"),
        _("ASN donatur dan peserta mandiri yang berhenti setiap bulan; peserta yang dibiayai anggaran tidak."),
        min_value=0, max_value=50,
    )  # fmt: skip

    def __init__(self, *args: Any, capacity: CapacityDefault | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workers_per_sponsor"].initial = 1
        if capacity is not None:
            field = self.fields["enrolment_capacity_per_month"]
            field.initial = capacity.value
            field.help_text = f"{field.help_text} {capacity.explanation} {_('Kosongkan untuk memakai bawaan ini.')}"

    @classmethod
    def initial_from(cls, scenario: Scenario) -> dict[str, Any]:
        return {field.name: getattr(scenario_data_of(scenario), field.name) for field in fields(ScenarioData)}

    def sections(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """The page's groups in order: title, a note on the group (or ""), fields."""
        return [(str(title), str(NOTES.get(title, "")), [self[name] for name in names]) for title, names in SECTIONS]

    def data_object(self) -> ScenarioData:
        return ScenarioData(**self.cleaned_data)


START_GROUP = _("Angka awal")
BUDGET_GROUP = _("Anggaran per tahun dan pendaftaran")
SECTIONS = (
    (_("Skenario"), ("name", "description", "start_month")),
    (START_GROUP, START_FIELDS),
    (_("Partisipasi ASN"), ("civil_servant_growth", "new_sponsors_per_month", "sponsors_pct_per_year",
                             "workers_per_sponsor")),
    (BUDGET_GROUP, ("csr_per_year", "bumd_per_year", "dbhcht_per_year", "apbd_per_year",
                    "enrolment_capacity_per_month")),
    (_("Pertumbuhan dan peserta berhenti"), ("self_paying_growth_pct", "informal_growth_pct", "lapse_pct_per_month")),
)  # fmt: skip
NOTES = {BUDGET_GROUP: BUDGET_HELP}
