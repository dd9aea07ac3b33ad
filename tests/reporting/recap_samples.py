"""A recap built from indicator values written out here, Kendal's published
figures of mid-2025, so the renderers can be tested without a ledger behind
them. Regions and agencies are unsaved model instances: the renderers only
read their names and codes."""

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from peduli.agencies.models import Agency
from peduli.core.months import YearMonth
from peduli.regions.models import Region
from peduli.reporting.coverage.indicators import MonthlyIndicators, SourceFigures, TargetProgress
from peduli.reporting.coverage.places import AgencyParticipation, PlaceCoverage
from peduli.reporting.coverage.scopes import Scope
from peduli.reporting.coverage.trends import TrendPoint
from peduli.reporting.exports.recap import Recap, YearPoint, headline_rows, signatory_for

REGENCY = Region(code="33.24", name="KENDAL", level=Region.Level.REGENCY)
DISTRICT_NAMES = (
    "Plantungan", "Sukorejo", "Pageruyung", "Patean", "Singorojo", "Limbangan", "Boja", "Kaliwungu", "Brangsong",
    "Pegandon", "Gemuh", "Weleri", "Cepiring", "Patebon", "Kendal", "Rowosari", "Kangkung", "Ringinarum",
    "Ngampel", "Kaliwungu Selatan",
)  # fmt: skip
DISTRICTS = tuple(
    Region(code=f"33.24.{i:02d}", name=name.upper(), level=Region.Level.DISTRICT, parent=REGENCY)
    for i, name in enumerate(DISTRICT_NAMES, start=1)
)
AGENCY_NAMES = (
    ("DINKES", "Dinas Kesehatan"), ("DISDIK", "Dinas Pendidikan dan Kebudayaan"),
    ("DISPERINAKER", "Dinas Perindustrian dan Tenaga Kerja"), ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
    ("RSUD", "RSUD dr. H. Soewondo"), ("SETDA", "Sekretariat Daerah"), ("INSPEKTORAT", "Inspektorat Daerah"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
)  # fmt: skip
AGENCIES = tuple(
    Agency(code=code, name=name, short_name=code.title(), kind="dinas", regency=REGENCY) for code, name in AGENCY_NAMES
)
MONTH = YearMonth(2025, 8)
INFORMAL = 338_681


def share(part: int, whole: int) -> Decimal:
    return (Decimal(part * 100) / whole).quantize(Decimal("0.01"))


def _targets(protected: int, month: YearMonth) -> tuple[TargetProgress, ...]:
    rows = []
    for year, pct, source in ((2029, Decimal("51.64"), "RPJMD 2025–2029"), (2045, Decimal("64.74"), "RPJPD 2025–2045")):
        at_target = -(-int(pct * 100) * INFORMAL // 10_000)
        months_left = month.months_until(YearMonth(year, 12))
        gap = at_target - protected
        rows.append(TargetProgress(year, pct, source, at_target, gap, months_left, -(-gap // months_left)))
    return tuple(rows)


def indicators(scope: Scope, month: YearMonth, *, protected: int, by_civil_servants: int) -> MonthlyIndicators:
    """A month of `scope` with the given counts; the rest follows from them."""
    has_coverage = scope.kind == "regency"
    civil_servants = 10_345
    sources = (
        SourceFigures("mandiri", "Mandiri / lainnya (daftar BPJS)", protected - by_civil_servants - 2_100, 0, 0, 0, 0),
        SourceFigures("asn", "ASN", by_civil_servants, by_civil_servants * 16_800, by_civil_servants * 16_000,
                      2_352_000, by_civil_servants * 15_000),
        SourceFigures("csr", "CSR perusahaan", 1_500, 25_200_000, 25_200_000, 0, 25_200_000),
        SourceFigures("dbhcht", "DBHCHT", 600, 10_080_000, 10_080_000, 0, 10_080_000),
    )  # fmt: skip
    coverage = (Decimal(protected * 100) / INFORMAL).quantize(Decimal("0.01"))
    return MonthlyIndicators(
        month=month,
        scope=scope,
        civil_servants_total=civil_servants,
        civil_servants_sponsoring=by_civil_servants - 40,
        workers_covered_by_civil_servants=by_civil_servants,
        civil_servant_participation_pct=(Decimal(by_civil_servants * 100) / civil_servants).quantize(Decimal("0.01")),
        civil_servants_sponsoring_pct=None,
        agencies_total=38,
        agencies_participating=22,
        agencies_participating_pct=Decimal("57.89"),
        informal_workers=INFORMAL if has_coverage else None,
        informal_workers_source="BPS Sakernas Agustus 2024" if has_coverage else "",
        workers_protected=protected,
        coverage_pct=coverage if has_coverage else None,
        workers_new=412,
        workers_lapsed=37,
        workers_ended=5,
        by_funding_source=sources,
        dues_amount=sum(s.dues_amount for s in sources),
        paid_amount=sum(s.paid_amount for s in sources),
        arrears_amount=sum(s.arrears_amount for s in sources),
        remitted_amount=sum(s.remitted_amount for s in sources),
        targets=_targets(protected, month) if has_coverage else (),
        refreshed_at=timezone.make_aware(datetime(2025, 9, 2, 7, 30)),
    )


def sample_recap(scope: Scope | None = None, month: YearMonth = MONTH) -> Recap:
    """August 2025: 14,177 protected of 338,681 (4.19%), 974 paid for by
    civil servants; July 13,800 and 728."""
    scope = scope or Scope(kind="regency", regency=REGENCY)
    current = indicators(scope, month, protected=14_177, by_civil_servants=974)
    previous = indicators(scope, month - 1, protected=13_800, by_civil_servants=728)
    trend = tuple(
        TrendPoint(
            month=month - back,
            workers_protected=14_177 - 120 * back,
            coverage_pct=(Decimal((14_177 - 120 * back) * 100) / INFORMAL).quantize(Decimal("0.01")),
            target_pct=Decimal("4.19") + Decimal("0.9") * (2 - back) if back <= 2 else None,
            workers_covered_by_civil_servants=974 - 30 * back,
            civil_servant_participation_pct=None,
        )
        for back in range(11, -1, -1)
    )
    districts = tuple(
        PlaceCoverage(d, 16_000 + 300 * i, 900 - 35 * i, share(900 - 35 * i, 16_000 + 300 * i))
        for i, d in enumerate(DISTRICTS)
    )
    agencies = tuple(
        AgencyParticipation(a, 800 - 50 * i, 120 - 14 * i, 130 - 15 * i, share(130 - 15 * i, 800 - 50 * i))
        for i, a in enumerate(AGENCIES)
    )
    years = tuple(
        YearPoint(year, Decimal("4.19") + (Decimal("51.64") - Decimal("4.19")) * (year - 2025) / 4
                  if year <= 2029 else Decimal("51.64") + (Decimal("64.74") - Decimal("51.64")) * (year - 2029) / 16,
                  year in (2029, 2045), Decimal("4.19") if year == 2025 else None)
        for year in range(2025, 2046)
    )  # fmt: skip
    return Recap(
        scope=scope,
        month=month,
        current=current,
        previous=previous,
        headline=headline_rows(current, previous),
        trend=trend,
        years=years if current.informal_workers is not None else (),
        districts=districts if scope.kind != "agency" else (),
        villages=(),
        agencies=agencies,
        signatory=signatory_for(scope),
    )
