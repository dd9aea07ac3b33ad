"""The programme's indicators for any month and scope, read from the monthly
snapshot tables (`reporting.snapshots`). Pages, the API, exports, the monthly
reports and `peduli report` all read them here.

Percentages are computed here and nowhere else, rounded to 2 decimals.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from peduli.accounts.models import Role, User
from peduli.accounts.roles import Capability, may
from peduli.agencies.models import Agency
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth, month_range
from peduli.ledger.calendar import overdue_through
from peduli.regions.models import Region
from peduli.regions.selectors import instance_regency
from peduli.reporting.baselines.selectors import informal_workers_by_district, informal_workers_for
from peduli.reporting.coverage.snapshots import snapshots_refreshed_at
from peduli.reporting.models import CivilServantFact, CoverageFact, CoverageSummary, Target
from peduli.sponsorships.models import Sponsor

SCOPE_KINDS = ("regency", "district", "village", "agency")
# The plans' own figures when the regency has entered none.
DEFAULT_TARGETS = ((2029, Decimal("51.64"), "RPJMD 2025–2029"), (2045, Decimal("64.74"), "RPJPD 2025–2045"))


@dataclass(frozen=True)
class Scope:
    """What a figure is about: the regency, one district, one village or one
    agency. `code` is how commands and the API name it."""

    kind: str  # "regency" | "district" | "village" | "agency"
    regency: Region
    region: Region | None = None
    agency: Agency | None = None

    @property
    def code(self) -> str:
        if self.agency is not None:
            return f"agency:{self.agency.code}"
        if self.region is not None:
            return f"{self.kind}:{self.region.code}"
        return "regency"

    @property
    def label(self) -> str:
        if self.agency is not None:
            return self.agency.name
        return str(self.region or self.regency)


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


@dataclass(frozen=True)
class TrendPoint:
    month: YearMonth
    workers_protected: int
    coverage_pct: Decimal | None
    target_pct: Decimal | None  # the trajectory's value for this month
    workers_covered_by_civil_servants: int
    civil_servant_participation_pct: Decimal | None


@dataclass(frozen=True)
class PlaceCoverage:
    region: Region
    informal_workers: int | None
    workers_protected: int
    coverage_pct: Decimal | None


@dataclass(frozen=True)
class AgencyParticipation:
    agency: Agency
    civil_servants_total: int
    civil_servants_sponsoring: int
    workers_covered: int
    participation_pct: Decimal | None


@dataclass(frozen=True)
class TrajectoryPoint:
    year: int
    coverage_pct: Decimal
    is_target: bool  # set by a plan, not interpolated


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


def scope_parse(text: str, *, regency: Region) -> Scope:
    """'regency', 'district:33.24.01', 'village:33.24.01.2001' or 'agency:DINKES'."""
    kind, _sep, code = (text or "regency").strip().partition(":")
    if kind == "regency" and not code:
        return Scope(kind="regency", regency=regency)
    if kind == "agency" and code:
        agency = Agency.objects.filter(regency=regency, code=code).first()
        if agency is None:
            raise ApplicationError(_("OPD dengan kode %(code)s tidak ada.") % {"code": code}, field="scope")
        return Scope(kind="agency", regency=regency, agency=agency)
    if kind in ("district", "village") and code:
        level = Region.Level.DISTRICT if kind == "district" else Region.Level.VILLAGE
        region = Region.objects.filter(code=code, level=level, code__startswith=f"{regency.code}.").first()
        if region is None:
            raise ApplicationError(
                _("Wilayah %(code)s tidak ada di %(regency)s.") % {"code": code, "regency": regency}, field="scope"
            )
        return Scope(kind=kind, regency=regency, region=region)
    raise ApplicationError(
        _("Cakupan tidak dikenal: %(text)s. Gunakan regency, district:KODE, village:KODE atau agency:KODE.")
        % {"text": text},
        field="scope",
    )


def scope_for_user(user: User) -> Scope:
    """The scope a user reads by default and is held to: an agency operator's
    agency, a district operator's district, the regency for everyone else."""
    regency = instance_regency()
    if user.role == Role.AGENCY_OPERATOR and user.agency is not None:
        return Scope(kind="agency", regency=regency, agency=user.agency)
    if user.role == Role.DISTRICT_OPERATOR and user.district is not None:
        return Scope(kind="district", regency=regency, region=user.district)
    return Scope(kind="regency", regency=regency)


def scope_allowed(user: User, scope: Scope) -> bool:
    """Whether `user` may read figures of `scope`: the labour office, leaders
    and BPJS officers read every scope; operators their own place only."""
    own = scope_for_user(user)
    if own.kind == "regency":
        return may(user, Capability.READ_EVERY_PLACE)
    if own.kind == "district" and scope.kind == "village" and scope.region is not None:
        return scope.region.parent_id == own.region.pk if own.region else False
    return own.code == scope.code


def _coverage_rows(scope: Scope) -> QuerySet[CoverageFact] | QuerySet[CoverageSummary]:
    """The snapshot rows the scope's coverage sums: the per-district summary
    for the regency and a district, the facts for a village or an agency."""
    if scope.agency is not None:
        return CoverageFact.objects.filter(regency=scope.regency, agency=scope.agency)
    if scope.kind == "village" and scope.region is not None:
        return CoverageFact.objects.filter(regency=scope.regency, village=scope.region)
    summary = CoverageSummary.objects.filter(regency=scope.regency)
    if scope.kind == "district" and scope.region is not None:
        return summary.filter(district=scope.region)
    return summary


def _civil_servant_facts(scope: Scope) -> QuerySet[CivilServantFact]:
    facts = CivilServantFact.objects.filter(regency=scope.regency)
    if scope.agency is not None:
        return facts.filter(agency=scope.agency)
    if scope.kind == "district" and scope.region is not None:
        return facts.filter(agency__district=scope.region)
    if scope.kind == "village":
        return facts.none()
    return facts


def _agencies(scope: Scope, month: YearMonth) -> QuerySet[Agency]:
    day = month.first_day
    agencies = Agency.objects.filter(regency=scope.regency, valid_from__lte=day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )
    if scope.agency is not None:
        return agencies.filter(pk=scope.agency.pk)
    if scope.kind == "district" and scope.region is not None:
        return agencies.filter(district=scope.region)
    if scope.kind == "village":
        return agencies.none()
    return agencies


def _denominator(scope: Scope, year: int) -> tuple[int | None, str]:
    if scope.kind == "regency":
        return informal_workers_for(regency=scope.regency, district=None, year=year)
    if scope.kind == "district" and scope.region is not None:
        return informal_workers_for(regency=scope.regency, district=scope.region, year=year)
    return None, ""


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
    coverage = _coverage_rows(scope)
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
    civil = _civil_servant_facts(scope).filter(month=day)
    cs = civil.aggregate(total=Sum("civil_servants"), sponsoring=Sum("sponsoring"), covered=Sum("workers_covered"))
    cs_total, cs_sponsoring = cs["total"] or 0, cs["sponsoring"] or 0
    covered_by_cs = cs["covered"] or 0
    if scope.kind == "village":
        covered_by_cs = next((s.workers_protected for s in sources if s.source == Sponsor.Kind.CIVIL_SERVANT), 0)
    agencies_total = _agencies(scope, month).count()
    participating = civil.filter(workers_covered__gt=0).count()
    informal, informal_source = _denominator(scope, month.year)
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


def _trajectory_knots(scope: Scope) -> list[tuple[YearMonth, Decimal]]:
    """The trajectory's fixed points: the baseline month's actual coverage of
    the scope, then each of the regency's targets at the end of its year."""
    anchor = YearMonth.parse(settings.PEDULI_TARGET_BASELINE_MONTH)
    base = percent(*_protected_and_informal(scope, anchor))
    return [(anchor, base or Decimal(0))] + [
        (YearMonth(year, 12), pct) for year, pct, _source in regency_targets(scope.regency)
    ]


def target_trajectory(*, regency: Region) -> list[TrajectoryPoint]:
    """The coverage the plans ask for at the end of each year: from the
    baseline month's actual coverage, straight to each target in turn."""
    knots = _trajectory_knots(Scope(kind="regency", regency=regency))
    anchor = knots[0][0]
    points = [TrajectoryPoint(anchor.year, knots[0][1], is_target=False)]
    for year in range(anchor.year + 1, knots[-1][0].year + 1):
        pct = _interpolate(knots, YearMonth(year, 12))
        if pct is not None:
            points.append(TrajectoryPoint(year, pct, is_target=any(k.year == year for k, _v in knots[1:])))
    return points


def _interpolate(knots: list[tuple[YearMonth, Decimal]], month: YearMonth) -> Decimal | None:
    for (left, low), (right, high) in pairwise(knots):
        if left <= month <= right:
            share = Decimal(left.months_until(month)) / Decimal(max(left.months_until(right), 1))
            return (low + (high - low) * share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return None


def indicators_trend(*, scope: Scope, first: YearMonth, last: YearMonth) -> list[TrendPoint]:
    """Month by month: protected workers and coverage against the target
    trajectory, and civil servants' participation."""
    protected = dict(
        _coverage_rows(scope)
        .filter(month__gte=first.first_day, month__lte=last.first_day)
        .values("month")
        .annotate(n=Sum("protected"))
        .values_list("month", "n")
    )
    civil = {
        row["month"]: row
        for row in _civil_servant_facts(scope)
        .filter(month__gte=first.first_day, month__lte=last.first_day)
        .values("month")
        .annotate(total=Sum("civil_servants"), covered=Sum("workers_covered"))
    }
    denominators: dict[int, int | None] = {}
    knots = _trajectory_knots(scope) if scope.kind in ("regency", "district") else None
    points = []
    for month in month_range(first, last):
        if month.year not in denominators:
            denominators[month.year] = _denominator(scope, month.year)[0]
        count = protected.get(month.first_day) or 0
        cs = civil.get(month.first_day)
        points.append(
            TrendPoint(
                month=month,
                workers_protected=count,
                coverage_pct=percent(count, denominators[month.year]),
                target_pct=_interpolate(knots, month) if knots else None,
                workers_covered_by_civil_servants=cs["covered"] if cs else 0,
                civil_servant_participation_pct=percent(cs["covered"], cs["total"]) if cs else None,
            )
        )
    return points


def _protected_and_informal(scope: Scope, month: YearMonth) -> tuple[int, int | None]:
    count = _coverage_rows(scope).filter(month=month.first_day).aggregate(n=Sum("protected"))["n"] or 0
    return count, _denominator(scope, month.year)[0]


def districts_coverage(*, regency: Region, month: YearMonth) -> list[PlaceCoverage]:
    """Every district of the regency, highest coverage first (then most
    protected)."""
    return _places_coverage(regency=regency, parent=regency, month=month)


def villages_coverage(*, district: Region, month: YearMonth) -> list[PlaceCoverage]:
    regency = district.parent
    assert regency is not None
    return _places_coverage(regency=regency, parent=district, month=month)


def _places_coverage(*, regency: Region, parent: Region, month: YearMonth) -> list[PlaceCoverage]:
    day = month.first_day
    counts: dict[Any, int]
    if parent.pk == regency.pk:
        counts = dict(
            CoverageSummary.objects.filter(regency=regency, month=day)
            .values("district")
            .annotate(n=Sum("protected"))
            .values_list("district", "n")
        )
        informal = informal_workers_by_district(regency=regency, year=month.year)
    else:
        counts = dict(
            CoverageFact.objects.filter(regency=regency, month=day, village__parent=parent)
            .values("village")
            .annotate(n=Sum("protected"))
            .values_list("village", "n")
        )
        informal = {}
    places = []
    for region in Region.objects.filter(parent=parent).order_by("code"):
        protected = counts.get(region.pk, 0)
        workers = informal.get(region.pk)
        places.append(PlaceCoverage(region, workers, protected, percent(protected, workers)))
    places.sort(key=lambda p: (-(p.coverage_pct or Decimal(-1)), -p.workers_protected, p.region.code))
    return places


def agencies_participation(*, regency: Region, month: YearMonth) -> list[AgencyParticipation]:
    """Every agency in office in `month`, the best participation first."""
    facts = {f.agency_id: f for f in CivilServantFact.objects.filter(regency=regency, month=month.first_day)}
    rows = []
    for agency in _agencies(Scope(kind="regency", regency=regency), month).order_by("code"):
        fact = facts.get(agency.pk)
        total = fact.civil_servants if fact else 0
        covered = fact.workers_covered if fact else 0
        rows.append(
            AgencyParticipation(
                agency=agency,
                civil_servants_total=total,
                civil_servants_sponsoring=fact.sponsoring if fact else 0,
                workers_covered=covered,
                participation_pct=percent(covered, total),
            )
        )
    rows.sort(key=lambda r: (-(r.participation_pct or Decimal(-1)), -r.workers_covered, r.agency.code))
    return rows
