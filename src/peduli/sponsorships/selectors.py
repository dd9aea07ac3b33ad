"""Reads of sponsors and sponsorships, scoped by the reader's role and place.

Labour office and leaders: everything. Agency operator: the sponsors of their
agency (its civil servants). District operator: sponsorships of workers living
in their district. Civil servant: their own. CSR partner: the sponsors their
account is the partner of. BPJS officers: everything (they register the
sponsored workers).
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from peduli.accounts.models import Role, User
from peduli.accounts.roles import Capability, as_user, may
from peduli.regions.scoping import in_user_region
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.workers.models import Worker
from peduli.workers.selectors import worker_queryset_for

# Workers a sponsor may pay for: verified, whether or not already protected.
SPONSORABLE_STATUSES = (
    Worker.Status.VERIFIED, Worker.Status.PROTECTED, Worker.Status.ARREARS, Worker.Status.LAPSED,
)  # fmt: skip


def _sponsor_scope(u: User) -> Q | None:
    """The Q that limits sponsors for `u`; None means all."""
    if may(u, Capability.READ_EVERY_PLACE):
        return None
    if u.role == Role.AGENCY_OPERATOR:
        return Q(agency_id=u.agency_id)
    if u.role == Role.CIVIL_SERVANT:
        return Q(civil_servant_id=u.civil_servant_id)
    if u.role == Role.CSR_PARTNER:
        return Q(partner_id=u.pk)
    return Q(pk__in=[])


def sponsor_queryset_for(user: User | AnonymousUser) -> QuerySet[Sponsor]:
    sponsors = Sponsor.objects.select_related("agency", "civil_servant")
    u = as_user(user)
    if u is None:
        return sponsors.none()
    if u.role == Role.DISTRICT_OPERATOR:
        return sponsors.filter(sponsorships__worker__district_id=u.district_id).distinct()
    scope = _sponsor_scope(u)
    return in_user_region(sponsors, u) if scope is None else sponsors.filter(scope)


def sponsor_get_for(user: User | AnonymousUser, pk: object) -> Sponsor:
    return get_object_or_404(sponsor_queryset_for(user), pk=pk)


def sponsorship_queryset_for(user: User | AnonymousUser) -> QuerySet[Sponsorship]:
    sponsorships = Sponsorship.objects.select_related("sponsor", "worker", "worker__village", "worker__district")
    u = as_user(user)
    if u is None:
        return sponsorships.none()
    if u.role == Role.DISTRICT_OPERATOR:
        return sponsorships.filter(worker__district_id=u.district_id)
    scope = _sponsor_scope(u)
    if scope is None:
        return in_user_region(sponsorships, u)
    return sponsorships.filter(sponsor__in=Sponsor.objects.filter(scope))


def sponsorship_get_for(user: User | AnonymousUser, pk: object) -> Sponsorship:
    return get_object_or_404(sponsorship_queryset_for(user), pk=pk)


def sponsor_manageable_by(actor: User | None, sponsor: Sponsor) -> bool:
    """Whether the actor may start and end this sponsor's sponsorships; an
    operator at the command line (None) acts for the labour office."""
    if actor is None or actor.is_superuser or actor.role == Role.REGENCY_ADMIN:
        return True
    if actor.role == Role.AGENCY_OPERATOR:
        return sponsor.agency_id is not None and sponsor.agency_id == actor.agency_id
    if actor.role == Role.CIVIL_SERVANT:
        return sponsor.civil_servant_id is not None and sponsor.civil_servant_id == actor.civil_servant_id
    return False


def sponsorable_worker_for(user: User | AnonymousUser | None, key: str) -> Worker | None:
    """The worker a user names to sponsor, by 16-digit NIK (or by id for those
    who read the registry, and the command line, `user=None`). Registry
    readers pick from what they may see; a sponsor's manager (agency
    operator, civil servant) sees no registry and must know a verified
    worker's exact NIK (`sponsorships.services` words the refusals so they
    tell such a caller nothing about the person)."""
    key = "".join(ch for ch in key if ch.isdigit())
    readers = user is None or may(user, Capability.READ_WORKERS)
    visible = worker_queryset_for(user) if user is not None and readers else Worker.objects.all()
    workers = visible.filter(status__in=SPONSORABLE_STATUSES)
    if len(key) == 16:
        return workers.filter(nik=key).first()
    return workers.filter(pk=int(key)).first() if readers and key else None
