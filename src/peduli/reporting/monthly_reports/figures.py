"""Which of an agency's indicators its monthly report shows, in what words:
the page, the PDF and the API's `figure_rows` read them here. The figures
themselves are `MonthlyIndicators.as_json()` (live while the report is a draft
or returned, frozen at submission)."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from peduli.core.formatting import number, percent, rupiah

COUNT, PERCENT, MONEY = "count", "percent", "money"

# (key in as_json, label, kind), in the order the report reads.
FIGURES = (
    ("civil_servants_total", gettext_lazy("ASN pada OPD"), COUNT),
    ("civil_servants_sponsoring", gettext_lazy("ASN yang membiayai pekerja"), COUNT),
    ("civil_servants_sponsoring_pct", gettext_lazy("Persentase ASN yang membiayai"), PERCENT),
    ("workers_covered_by_civil_servants", gettext_lazy("Pekerja rentan yang dibiayai ASN"), COUNT),
    ("civil_servant_participation_pct", gettext_lazy("Partisipasi ASN (pekerja dibiayai ÷ jumlah ASN)"), PERCENT),
    ("workers_protected", gettext_lazy("Pekerja rentan terlindungi"), COUNT),
    ("workers_new", gettext_lazy("Pekerja baru terlindungi"), COUNT),
    ("workers_lapsed", gettext_lazy("Kepesertaan tidak aktif (menunggak)"), COUNT),
    ("workers_ended", gettext_lazy("Kepesertaan berakhir"), COUNT),
    ("dues_amount", gettext_lazy("Iuran bulan ini"), MONEY),
    ("paid_amount", gettext_lazy("Iuran terbayar"), MONEY),
    ("arrears_amount", gettext_lazy("Tunggakan"), MONEY),
    ("remitted_amount", gettext_lazy("Disetor ke BPJS"), MONEY),
)


@dataclass(frozen=True)
class FigureRow:
    key: str
    label: str
    kind: str
    value: Any

    @property
    def text(self) -> str:
        if self.value is None or self.value == "":
            return "–"
        if self.kind == MONEY:
            return rupiah(int(self.value))
        if self.kind == PERCENT:
            return percent(self.value)
        return number(int(self.value))


def figure_rows(figures: dict[str, Any]) -> list[FigureRow]:
    """The report's rows for the figures present (older reports may lack newer indicators)."""
    return [FigureRow(key, str(label), kind, figures[key]) for key, label, kind in FIGURES if key in figures]
