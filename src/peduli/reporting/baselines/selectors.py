"""Reads of the informal-worker baselines (the coverage denominator) and the
coverage targets, and the checks that flag figures that do not add up.

A regency's figure for a year is the sum of its districts' rows when it has
any, else its own row (`district` empty). Shares of the regency are always
computed here from the counts; what a source printed is kept only to be
checked against them.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, as_user, may
from peduli.core.formatting import number
from peduli.regions.models import Region
from peduli.regions.scoping import in_user_region
from peduli.reporting.models import InformalWorkerBaseline, Target

M = TypeVar("M", bound=Model)

# A share printed with 2 decimals may be off by half its last digit; more than
# this is a different figure, not rounding.
STATED_TOLERANCE = Decimal("0.05")
HALF_LAST_DIGIT = Decimal("0.005")


def _reads(user: User | AnonymousUser | None) -> bool:
    # `None` is the operator at the command line, who runs the instance.
    return user is None or may(user, Capability.READ_INSTANCE)


def _readable(rows: QuerySet[M], user: User | AnonymousUser | None) -> QuerySet[M]:
    """`rows` as `user` reads them: every one at the command line (None), those
    of their region for a reader (`_reads`), none for anyone else."""
    u = as_user(user)
    if not _reads(user):
        return rows.none()
    return rows.all() if u is None else in_user_region(rows, u)


def baseline_queryset_for(user: User | AnonymousUser | None) -> QuerySet[InformalWorkerBaseline]:
    """The labour office and the leader read the denominators; no one else."""
    return _readable(InformalWorkerBaseline.objects.select_related("regency", "district", "recorded_by"), user)


def baseline_get_for(user: User | AnonymousUser, pk: object) -> InformalWorkerBaseline:
    return get_object_or_404(baseline_queryset_for(user), pk=pk)


def target_queryset_for(user: User | AnonymousUser | None) -> QuerySet[Target]:
    return _readable(Target.objects.select_related("regency"), user)


def target_get_for(user: User | AnonymousUser, pk: object) -> Target:
    return get_object_or_404(target_queryset_for(user), pk=pk)


def share_pct(part: int, whole: int | None) -> Decimal | None:
    # Imported here: indicators imports this module for `informal_workers_for`.
    from peduli.reporting.coverage.indicators import percent

    return percent(part, whole)


def informal_workers_for(*, regency: Region, district: Region | None = None, year: int) -> tuple[int | None, str]:
    """Informal workers of the district (or the regency) in `year` and where
    the figure comes from. A year without figures takes the latest earlier
    year's, and the source text says so; (None, "") when there is none."""
    rows = InformalWorkerBaseline.objects.filter(regency=regency, year__lte=year)
    if district is not None:
        rows = rows.filter(district=district)
    latest = rows.order_by("-year").values_list("year", flat=True).first()
    if latest is None:
        return None, ""
    of_year = list(rows.filter(year=latest).values_list("district_id", "informal_workers", "source"))
    if district is None:
        in_districts = [row for row in of_year if row[0] is not None]
        of_year = in_districts or of_year
    total = sum(row[1] for row in of_year)
    source = "; ".join(sorted({row[2] for row in of_year}))
    if latest != year:
        source = _("%(source)s; angka tahun %(year)s, tahun terakhir yang tersedia") % {
            "source": source,
            "year": latest,
        }
    return total, source


def informal_workers_by_district(*, regency: Region, year: int) -> dict[str, int]:
    """Each district's informal workers in `year` by district code, a year
    without figures taking the latest earlier year's (as `informal_workers_for`
    does for one district), in one query."""
    latest: dict[str, tuple[int, int]] = {}
    rows = InformalWorkerBaseline.objects.filter(regency=regency, district__isnull=False, year__lte=year)
    for district_id, row_year, workers in rows.values_list("district_id", "year", "informal_workers"):
        if district_id not in latest or row_year > latest[district_id][0]:
            latest[district_id] = (row_year, workers)
    return {code: workers for code, (_year, workers) in latest.items()}


# Checks ---------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One count as a source gives it: `label` names the district ("" for the
    regency's own row)."""

    label: str
    workers: int
    stated_share_pct: Decimal | None = None


def _count(value: int) -> str:
    return number(value)


def _pct(value: Decimal) -> str:
    return number(value, 2)


def figures_warnings(
    *, year: int, districts: list[Figure], regency_row: Figure | None, district_count: int
) -> list[str]:
    """What does not add up in one year's figures, in words for the clerk.

    Shares printed by the source are checked only when every district has its
    figure: before that the whole they refer to is not known."""
    warnings: list[str] = []
    if not districts:
        return warnings
    total = sum(figure.workers for figure in districts)
    complete = len(districts) >= district_count
    if not complete:
        warnings.append(
            _(
                "Tahun %(year)s: baru %(n)s dari %(all)s kecamatan yang berisi angka; "
                "angka kabupaten dihitung dari kecamatan yang ada saja."
            )
            % {"year": year, "n": len(districts), "all": district_count}
        )
    if regency_row is not None and regency_row.workers != total:
        warnings.append(
            _(
                "Tahun %(year)s: jumlah angka kecamatan (%(sum)s) tidak sama dengan angka kabupaten (%(regency)s), "
                "selisih %(diff)s. Peduli memakai jumlah kecamatan."
            )
            % {
                "year": year,
                "sum": _count(total),
                "regency": _count(regency_row.workers),
                "diff": _count(abs(regency_row.workers - total)),
            }
        )
    if not complete:
        return warnings
    stated = [figure.stated_share_pct for figure in districts if figure.stated_share_pct is not None]
    if len(stated) == len(districts):
        stated_sum = sum(stated, Decimal(0))
        tolerance = max(STATED_TOLERANCE, HALF_LAST_DIGIT * len(stated))
        if abs(stated_sum - 100) > tolerance:
            warnings.append(
                _("Tahun %(year)s: persentase yang tertulis di sumber berjumlah %(sum)s%%, bukan 100%%.")
                % {"year": year, "sum": _pct(stated_sum)}
            )
    for figure in districts:
        computed = share_pct(figure.workers, total)
        if figure.stated_share_pct is None or computed is None:
            continue
        if abs(figure.stated_share_pct - computed) > STATED_TOLERANCE:
            warnings.append(
                _(
                    "Tahun %(year)s, %(place)s: persentase tertulis %(stated)s%%, padahal %(count)s dari %(total)s "
                    "adalah %(computed)s%%."
                )
                % {
                    "year": year,
                    "place": figure.label,
                    "stated": _pct(figure.stated_share_pct),
                    "count": _count(figure.workers),
                    "total": _count(total),
                    "computed": _pct(computed),
                }
            )
    return warnings


def district_count(regency: Region) -> int:
    return Region.objects.filter(parent=regency, level=Region.Level.DISTRICT).count()


def _figures(rows: Iterable[InformalWorkerBaseline]) -> tuple[list[Figure], Figure | None]:
    districts, regency_row = [], None
    for row in rows:
        if row.district is None:
            regency_row = Figure("", row.informal_workers, row.stated_share_pct)
        else:
            districts.append(Figure(row.district.label, row.informal_workers, row.stated_share_pct))
    return districts, regency_row


def baseline_warnings(*, regency: Region, year: int) -> list[str]:
    """What does not add up in the regency's figures of `year`."""
    rows = InformalWorkerBaseline.objects.filter(regency=regency, year=year).select_related("district")
    districts, regency_row = _figures(rows)
    return figures_warnings(
        year=year, districts=districts, regency_row=regency_row, district_count=district_count(regency)
    )


# The page -------------------------------------------------------------------


@dataclass(frozen=True)
class BaselineLine:
    baseline: InformalWorkerBaseline
    share_pct: Decimal | None  # of the regency's figure; None on the regency's own row


@dataclass(frozen=True)
class BaselineYear:
    year: int
    lines: list[BaselineLine]  # districts by code, then the regency's own row
    regency_workers: int | None  # the figure Peduli uses for the regency
    sources: list[str]
    warnings: list[str]


def baseline_years_for(user: User | AnonymousUser | None, *, regency: Region) -> list[BaselineYear]:
    """Every year of the regency's figures, latest first, with computed
    shares and what does not add up."""
    rows = baseline_queryset_for(user).filter(regency=regency).order_by("-year", "district__code")
    by_year: dict[int, list[InformalWorkerBaseline]] = {}
    for row in rows:
        by_year.setdefault(row.year, []).append(row)
    count = district_count(regency)
    years = []
    for year, of_year in by_year.items():
        in_districts = [row for row in of_year if row.district is not None]
        own = [row for row in of_year if row.district is None]
        whole = sum(row.informal_workers for row in in_districts or own)
        lines = [BaselineLine(row, share_pct(row.informal_workers, whole)) for row in in_districts]
        lines += [BaselineLine(row, None) for row in own]
        districts, regency_row = _figures(of_year)
        years.append(
            BaselineYear(
                year=year,
                lines=lines,
                regency_workers=whole,
                sources=sorted({row.source for row in of_year}),
                warnings=figures_warnings(
                    year=year, districts=districts, regency_row=regency_row, district_count=count
                ),
            )
        )
    return years
