"""The monthly recap as a PDF on the labour office's letterhead (A4 portrait),
for the Bupati and for each agency and district. Charts are inline SVG drawn
here, since WeasyPrint runs no JavaScript."""

from django.conf import settings
from django.utils import translation
from django.utils.safestring import SafeString

from peduli.core.charts.model import Bar, Series, Slice
from peduli.core.charts.svg import bar_chart, doughnut_chart, line_chart
from peduli.core.months import YearMonth
from peduli.core.pdf import pdf_bytes
from peduli.reporting.coverage.scopes import Scope
from peduli.reporting.exports.recap import Recap, recap_build

# Enough bars to read on one page; the table under the chart lists them all.
MAX_BARS = 40


def _trend_chart(recap: Recap) -> SafeString | None:
    if not recap.has_coverage or len(recap.trend) < 2:
        return None
    labels = [f"{p.month.label[:3]} {p.month.year % 100:02d}" for p in recap.trend]
    return line_chart(
        title="Cakupan perlindungan dua belas bulan terakhir",
        labels=labels,
        series=[
            Series("Cakupan", [p.coverage_pct for p in recap.trend]),
            Series("Lintasan target", [p.target_pct for p in recap.trend], color="#b03a48", dashed=True),
        ],
    )


def _years_chart(recap: Recap) -> SafeString | None:
    if len(recap.years) < 2:
        return None
    return line_chart(
        title="Lintasan target RPJMD dan RPJPD",
        labels=[str(y.year) for y in recap.years],
        series=[
            Series("Capaian (Desember / bulan laporan)", [y.actual_pct for y in recap.years]),
            Series("Lintasan target", [y.target_pct for y in recap.years], color="#b03a48", dashed=True),
        ],
        height=200,
    )


def _trend_count_chart(recap: Recap) -> SafeString | None:
    """A scope without a denominator (an agency) follows its count of workers."""
    if recap.has_coverage or len(recap.trend) < 2:
        return None
    return line_chart(
        title="Pekerja terlindungi dua belas bulan terakhir",
        labels=[f"{p.month.label[:3]} {p.month.year % 100:02d}" for p in recap.trend],
        series=[Series("Pekerja terlindungi", [p.workers_protected for p in recap.trend])],
        suffix="",
        decimals=0,
    )


def _districts_chart(recap: Recap) -> SafeString | None:
    """Coverage when the districts have informal-worker figures, else the
    count of protected workers (a baseline not entered yet)."""
    if not recap.districts:
        return None
    places = recap.districts[:MAX_BARS]
    if not recap.districts_have_coverage:
        return bar_chart(
            title="Pekerja terlindungi per kecamatan",
            bars=[Bar(p.region.name.title(), p.workers_protected, highlight=recap.is_marked(p)) for p in places],
            suffix="",
            decimals=0,
        )
    target = recap.current.target(2029)
    return bar_chart(
        title="Cakupan per kecamatan",
        bars=[Bar(p.region.name.title(), p.coverage_pct, highlight=recap.is_marked(p)) for p in places],
        reference=target.coverage_pct if target else None,
        reference_label="Target 2029",
    )


def _agencies_chart(recap: Recap) -> SafeString | None:
    if len(recap.agencies) < 2:
        return None
    taking_part = [a for a in recap.agencies if a.workers_covered or recap.is_marked(a)]
    return bar_chart(
        title="Partisipasi ASN menurut OPD (pekerja dibiayai ÷ jumlah ASN)",
        bars=[
            Bar(a.agency.short_name or a.agency.name, a.participation_pct, highlight=recap.is_marked(a))
            for a in taking_part[:MAX_BARS]
        ],
    )


def _funding_chart(recap: Recap) -> SafeString | None:
    sources = [s for s in recap.current.by_funding_source if s.workers_protected]
    if not sources:
        return None
    return doughnut_chart(
        title="Pekerja terlindungi menurut sumber dana",
        slices=[Slice(s.label, s.workers_protected) for s in sources],
    )


def recap_pdf_bytes(*, scope: Scope, month: YearMonth) -> bytes:
    """The recap of `scope` for `month` as a PDF. The caller has checked the
    reader may see the scope. In Indonesian whatever the page's language, its
    figures' words too: a document for signing (core.pdf)."""
    with translation.override(settings.LANGUAGE_CODE):
        return recap_pdf(recap_build(scope=scope, month=month))


def recap_pdf(recap: Recap) -> bytes:
    """Lay out figures already gathered."""
    return pdf_bytes(
        "reporting/pdf/recap.html",
        {
            "recap": recap,
            "marked_districts": [(p, recap.is_marked(p)) for p in recap.districts],
            "marked_agencies": [(a, recap.is_marked(a)) for a in recap.agencies],
            "trend_chart": _trend_chart(recap) or _trend_count_chart(recap),
            "years_chart": _years_chart(recap),
            "districts_chart": _districts_chart(recap),
            "agencies_chart": _agencies_chart(recap),
            "funding_chart": _funding_chart(recap),
        },
    )


def recap_filename(scope: Scope, month: YearMonth, extension: str) -> str:
    """'rekap-peduli-2025-06-regency.pdf', 'rekap-peduli-2025-06-agency-DINKES.xlsx'."""
    code = scope.code.replace(":", "-").replace(".", "")
    return f"rekap-peduli-{month}-{code}.{extension}"
