"""Reads of BPJS claims: the list (personal data, for the labour office and
BPJS officers) and their impact (aggregates, for dashboards and recaps)."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, as_user, may
from peduli.bpjs.claim_services import SELF_PAYING
from peduli.bpjs.models import Claim
from peduli.core.months import YearMonth
from peduli.regions.models import Region
from peduli.regions.scoping import in_user_region
from peduli.sponsorships.models import Sponsor

FUNDING_LABELS: dict[str, StrOrPromise] = {
    **dict(Sponsor.Kind.choices),
    SELF_PAYING: _("Mandiri / di luar Peduli"),
    "": _("Belum diketahui"),
}


def claim_queryset_for(user: User | AnonymousUser) -> QuerySet[Claim]:
    claims = Claim.objects.select_related("worker", "district", "recorded_by")
    u = as_user(user)
    return in_user_region(claims, u) if u is not None and may(u, Capability.KEEP_CLAIMS) else claims.none()


def claim_get_for(user: User | AnonymousUser, pk: object) -> Claim:
    return get_object_or_404(claim_queryset_for(user), pk=pk)


@dataclass(frozen=True)
class DistrictImpact:
    district: Region | None
    families: int
    amount: int


@dataclass(frozen=True)
class SourceImpact:
    source: str
    label: StrOrPromise
    families: int
    amount: int


@dataclass(frozen=True)
class ClaimsImpact:
    """What paid claims brought the regency's families in a period."""

    first: YearMonth | None
    last: YearMonth
    families_helped: int
    amount_paid: int
    scholarship_children: int
    by_district: list[DistrictImpact]
    by_source: list[SourceImpact]


def _paid_claims(
    *, regency_id: str, first: YearMonth | None, last: YearMonth, district_id: str | None
) -> QuerySet[Claim]:
    claims = Claim.objects.filter(regency_id=regency_id, status=Claim.Status.PAID, paid_on__lt=(last + 1).first_day)
    if first is not None:
        claims = claims.filter(paid_on__gte=first.first_day)
    if district_id is not None:
        claims = claims.filter(district_id=district_id)
    return claims


def claims_impact(
    *, regency_id: str, first: YearMonth | None, last: YearMonth, district_id: str | None = None
) -> ClaimsImpact:
    """Claims BPJS paid from `first` (the beginning when None) to `last`, by
    payment date: the families helped (distinct persons), the money (benefit
    plus heirs' compensation), the children given scholarships, by district
    and by who paid the premium at the incident."""
    claims = _paid_claims(regency_id=regency_id, first=first, last=last, district_id=district_id)
    money = Sum(F("amount_paid") + F("heirs_benefit"))
    totals = claims.aggregate(families=Count("nik", distinct=True), amount=money, children=Sum("scholarship_children"))
    districts = {region.code: region for region in Region.objects.filter(level=Region.Level.DISTRICT)}
    by_district = [
        DistrictImpact(district=districts.get(row["district_id"]), families=row["families"], amount=row["amount"])
        for row in claims.values("district_id")
        .annotate(families=Count("nik", distinct=True), amount=money)
        .order_by("-amount", "district_id")
    ]
    by_source = [
        SourceImpact(
            source=row["funding_source"],
            label=FUNDING_LABELS.get(row["funding_source"], row["funding_source"]),
            families=row["families"],
            amount=row["amount"],
        )
        for row in claims.values("funding_source")
        .annotate(families=Count("nik", distinct=True), amount=money)
        .order_by("-amount", "funding_source")
    ]
    return ClaimsImpact(
        first=first,
        last=last,
        families_helped=totals["families"] or 0,
        amount_paid=totals["amount"] or 0,
        scholarship_children=totals["children"] or 0,
        by_district=by_district,
        by_source=by_source,
    )
