"""The programme's indicators for any month and scope, read from the monthly
snapshot tables (`reporting.snapshots`). Pages, the API, exports, the monthly
reports and `peduli report` all read them here.

Percentages are computed here and nowhere else, rounded to 2 decimals.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from peduli.core.months import YearMonth
from peduli.ledger.calendar import overdue_through
from peduli.regions.models import Region
from peduli.reporting.coverage.scopes import (
    Scope,
    scope_agencies,
    scope_civil_servant_facts,
    scope_coverage_rows,
    scope_informal_workers,
)
from peduli.reporting.coverage.snapshots import snapshots_refreshed_at
from peduli.reporting.models import CoverageFact, Target
from peduli.sponsorships.models import Sponsor

# The plans' own figures when the regency has entered none.
DEFAULT_TARGETS = ((2029, Decimal("51.64"), "RPJMD 2025–2029"), (2045, Decimal("64.74"), "RPJPD 2025–2045"))


@dataclass(frozen=True)
class SourceFigures:
    """One funding source's share of a month: sponsor kind (asn, csr, bumd,
    dbhcht, apbd, dana_desa, perorangan, lainnya) or mandiri / mandiri_agregat
    for members BPJS reports that Peduli does not pay for."""

    source: str
    label: str
    workers_protected: int
    dues_amount: int
    paid_amount: int
    arrears_amount: int
    remitted_amount: int


@dataclass(frozen=True)
class TargetProgress:
    year: int
    coverage_pct: Decimal
    legal_source: str
    workers_at_target: int | None  # protected workers the target means, on this month's denominator
    gap_workers: int | None
    months_left: int
    workers_needed_per_month: int | None  # net new protected workers a month to reach it on time


@dataclass(frozen=True)
class MonthlyIndicators:
    month: YearMonth
    scope: Scope
    civil_servants_total: int
    civil_servants_sponsoring: int
    workers_covered_by_civil_servants: int
    civil_servant_participation_pct: Decimal | None  # workers covered by civil servants ÷ civil servants
    civil_servants_sponsoring_pct: Decimal | None  # sponsoring civil servants ÷ civil servants
    agencies_total: int
    agencies_participating: int
    agencies_participating_pct: Decimal | None
    informal_workers: int | None
    informal_workers_source: str
    workers_protected: int
    coverage_pct: Decimal | None
    workers_new: int
    workers_lapsed: int
    workers_ended: int
    by_funding_source: tuple[SourceFigures, ...]
    dues_amount: int
    paid_amount: int
    arrears_amount: int
    remitted_amount: int
    targets: tuple[TargetProgress, ...]
    refreshed_at: datetime | None

    def target(self, year: int) -> TargetProgress | None:
        return next((t for t in self.targets if t.year == year), None)

    def as_json(self) -> dict[str, Any]:
        """The document `peduli report` and /api/v1/reports/monthly return."""
        t2029, t2045 = self.target(2029), self.target(2045)
        return {
            "month": str(self.month),
            "scope": self.scope.code,
            "scope_label": self.scope.label,
            "civil_servants_total": self.civil_servants_total,
            "civil_servants_sponsoring": self.civil_servants_sponsoring,
            "workers_covered_by_civil_servants": self.workers_covered_by_civil_servants,
            "civil_servant_participation_pct": _number(self.civil_servant_participation_pct),
            "civil_servants_sponsoring_pct": _number(self.civil_servants_sponsoring_pct),
            "agencies_total": self.agencies_total,
            "agencies_participating": self.agencies_participating,
            "agencies_participating_pct": _number(self.agencies_participating_pct),
            "informal_workers": self.informal_workers,
            "informal_workers_source": self.informal_workers_source,
            "workers_protected": self.workers_protected,
            "coverage_pct": _number(self.coverage_pct),
            "workers_new": self.workers_new,
            "workers_lapsed": self.workers_lapsed,
            "workers_ended": self.workers_ended,
            "by_funding_source": [
                {
                    "source": s.source,
                    "label": s.label,
                    "workers_protected": s.workers_protected,
                    "dues_amount": s.dues_amount,
                    "paid_amount": s.paid_amount,
                    "arrears_amount": s.arrears_amount,
                    "remitted_amount": s.remitted_amount,
                }
                for s in self.by_funding_source
            ],
            "dues_amount": self.dues_amount,
            "paid_amount": self.paid_amount,
            "arrears_amount": self.arrears_amount,
            "remitted_amount": self.remitted_amount,
            "target_2029_pct": _number(t2029.coverage_pct) if t2029 else None,
            "target_2045_pct": _number(t2045.coverage_pct) if t2045 else None,
            "workers_needed_per_month_2029": t2029.workers_needed_per_month if t2029 else None,
            "workers_needed_per_month_2045": t2045.workers_needed_per_month if t2045 else None,
            "targets": [
                {
                    "year": t.year,
                    "coverage_pct": _number(t.coverage_pct),
                    "legal_source": t.legal_source,
                    "workers_at_target": t.workers_at_target,
                    "gap_workers": t.gap_workers,
                    "months_left": t.months_left,
                    "workers_needed_per_month": t.workers_needed_per_month,
                }
                for t in self.targets
            ],
            "refreshed_at": self.refreshed_at.isoformat() if self.refreshed_at else None,
        }


def percent(part: int, whole: int | None) -> Decimal | None:
    """part ÷ whole as a percentage rounded half up to 2 decimals; None when
    there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


def _source_label(source: str) -> str:
    if source == CoverageFact.SELF_PAYING:
        return _("Mandiri / lainnya (daftar BPJS)")
    if source == CoverageFact.SELF_PAYING_COUNTED:
        return _("Mandiri / lainnya (jumlah per desa dari BPJS)")
    return str(Sponsor.Kind(source).label) if source in Sponsor.Kind.values else source


def regency_targets(regency: Region) -> list[tuple[int, Decimal, str]]:
    """(year, coverage %, legal source) of the regency's targets, or the
    plans' defaults when none are entered."""
    rows = [(t.year, t.coverage_pct, t.legal_source) for t in Target.objects.filter(regency=regency).order_by("year")]
    return rows or list(DEFAULT_TARGETS)


def _target_progress(
    targets: list[tuple[int, Decimal, str]], month: YearMonth, informal: int | None, protected: int
) -> tuple[TargetProgress, ...]:
    progress = []
    for year, pct, legal_source in targets:
        months_left = month.months_until(YearMonth(year, 12))
        at_target = gap = needed = None
        if informal:
            at_target = _ceil_div(int(pct * 100) * informal, 10_000)
            gap = max(at_target - protected, 0)
            needed = _ceil_div(gap, months_left) if months_left > 0 else gap
        progress.append(TargetProgress(year, pct, legal_source, at_target, gap, max(months_left, 0), needed))
    return tuple(progress)


def indicators_for(*, scope: Scope, month: YearMonth) -> MonthlyIndicators:
    """Every indicator of `scope` in `month`, from the snapshot tables."""
    day = month.first_day
    coverage = scope_coverage_rows(scope)
    rows = (
        coverage.filter(month=day)
        .values("source")
        .annotate(
            protected=Sum("protected"),
            new=Sum("new"),
            lapsed=Sum("lapsed"),
            ended=Sum("ended"),
            dues=Sum("dues_amount"),
            paid=Sum("paid_amount"),
            remitted=Sum("remitted_amount"),
        )
    )
    # Arrears: what is unpaid of the months up to this one whose premium is overdue today.
    arrears_until = overdue_through(month, regency_id=scope.regency.pk).first_day
    arrears = dict(
        coverage.filter(month__lte=arrears_until)
        .values("source")
        .annotate(owed=Sum("dues_amount") - Sum("paid_amount"))
        .values_list("source", "owed")
    )
    sources = [
        SourceFigures(
            source=r["source"],
            label=_source_label(r["source"]),
            workers_protected=r["protected"],
            dues_amount=r["dues"],
            paid_amount=r["paid"],
            arrears_amount=arrears.get(r["source"]) or 0,
            remitted_amount=r["remitted"],
        )
        for r in rows
        if r["source"]
    ]
    sources.sort(key=lambda s: (-s.workers_protected, -s.dues_amount, s.source))
    totals = {key: sum(r[key] for r in rows) for key in ("protected", "new", "lapsed", "ended")}
    civil = scope_civil_servant_facts(scope).filter(month=day)
    cs = civil.aggregate(total=Sum("civil_servants"), sponsoring=Sum("sponsoring"), covered=Sum("workers_covered"))
    cs_total, cs_sponsoring = cs["total"] or 0, cs["sponsoring"] or 0
    covered_by_cs = cs["covered"] or 0
    if scope.kind == "village":
        covered_by_cs = next((s.workers_protected for s in sources if s.source == Sponsor.Kind.CIVIL_SERVANT), 0)
    agencies_total = scope_agencies(scope, month).count()
    participating = civil.filter(workers_covered__gt=0).count()
    informal, informal_source = scope_informal_workers(scope, month.year)
    protected = totals["protected"]
    return MonthlyIndicators(
        month=month,
        scope=scope,
        civil_servants_total=cs_total,
        civil_servants_sponsoring=cs_sponsoring,
        workers_covered_by_civil_servants=covered_by_cs,
        civil_servant_participation_pct=percent(covered_by_cs, cs_total),
        civil_servants_sponsoring_pct=percent(cs_sponsoring, cs_total),
        agencies_total=agencies_total,
        agencies_participating=participating,
        agencies_participating_pct=percent(participating, agencies_total),
        informal_workers=informal,
        informal_workers_source=informal_source,
        workers_protected=protected,
        coverage_pct=percent(protected, informal),
        workers_new=totals["new"],
        workers_lapsed=totals["lapsed"],
        workers_ended=totals["ended"],
        by_funding_source=tuple(sources),
        dues_amount=sum(s.dues_amount for s in sources),
        paid_amount=sum(s.paid_amount for s in sources),
        arrears_amount=sum(s.arrears_amount for s in sources),
        remitted_amount=sum(s.remitted_amount for s in sources),
        targets=_target_progress(regency_targets(scope.regency), month, informal, protected),
        refreshed_at=snapshots_refreshed_at(scope.regency),
    )
