"""What a figure is about (the regency, a district, a village or an agency),
who may read which, and the snapshot rows a scope sums."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from peduli.accounts.models import Role, User
from peduli.accounts.roles import Capability, may
from peduli.agencies.models import Agency
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.regions.models import Region
from peduli.regions.selectors import instance_regency
from peduli.reporting.baselines.selectors import informal_workers_for
from peduli.reporting.models import CivilServantFact, CoverageFact, CoverageSummary

SCOPE_KINDS = ("regency", "district", "village", "agency")


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


def scope_coverage_rows(scope: Scope) -> QuerySet[CoverageFact] | QuerySet[CoverageSummary]:
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


def scope_civil_servant_facts(scope: Scope) -> QuerySet[CivilServantFact]:
    facts = CivilServantFact.objects.filter(regency=scope.regency)
    if scope.agency is not None:
        return facts.filter(agency=scope.agency)
    if scope.kind == "district" and scope.region is not None:
        return facts.filter(agency__district=scope.region)
    if scope.kind == "village":
        return facts.none()
    return facts


def scope_agencies(scope: Scope, month: YearMonth) -> QuerySet[Agency]:
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


def scope_informal_workers(scope: Scope, year: int) -> tuple[int | None, str]:
    if scope.kind == "regency":
        return informal_workers_for(regency=scope.regency, district=None, year=year)
    if scope.kind == "district" and scope.region is not None:
        return informal_workers_for(regency=scope.regency, district=scope.region, year=year)
    return None, ""


def scope_protected_and_informal(scope: Scope, month: YearMonth) -> tuple[int, int | None]:
    count = scope_coverage_rows(scope).filter(month=month.first_day).aggregate(n=Sum("protected"))["n"] or 0
    return count, scope_informal_workers(scope, month.year)[0]
