"""Reads of agencies and civil servants, scoped by the reader's role and place.

Every page, API endpoint, export and command that lists or shows an agency or
a civil servant starts from `agency_queryset_for` or
`civil_servant_queryset_for`; nothing else builds an unscoped queryset.
"""

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.accounts.models import Role, User
from peduli.accounts.roles import Capability, as_user, may
from peduli.agencies.models import Agency, AgencyName, CivilServant
from peduli.core.errors import ApplicationError
from peduli.regions.scoping import in_user_region, region_q


def agency_queryset_for(user: User | AnonymousUser) -> QuerySet[Agency]:
    """Agencies the user may see.

    Labour office and leaders: all of their region. Agency operator: their agency. District
    operator: agencies located in their district (the camat's office). Civil
    servant: their own agency. BPJS officers and CSR partners: none (they work
    on workers and sponsorships, not on the roster).
    """
    agencies = Agency.objects.select_related("district", "regency")
    u = as_user(user)
    if u is None:
        return agencies.none()
    if may(u, Capability.READ_INSTANCE):
        return in_user_region(agencies, u)
    if u.role == Role.AGENCY_OPERATOR:
        return agencies.filter(pk=u.agency_id) if u.agency_id else agencies.none()
    if u.role == Role.DISTRICT_OPERATOR:
        return agencies.filter(district_id=u.district_id)
    if u.role == Role.CIVIL_SERVANT and u.civil_servant_id:
        return agencies.filter(civil_servants__pk=u.civil_servant_id)
    return agencies.none()


def agency_queryset_manageable_by(user: User | AnonymousUser) -> QuerySet[Agency]:
    """Agencies whose roster the user may change: all for the labour office,
    their own for an agency operator, those in their district for a district
    operator, none for anyone else (leaders only read)."""
    u = as_user(user)
    if u is None:
        return Agency.objects.none()
    if may(u, Capability.MANAGE_AGENCIES):
        return in_user_region(Agency.objects.all(), u)
    if may(u, Capability.MANAGE_ROSTER):  # an operator: their own place's
        return agency_queryset_for(u)
    return Agency.objects.none()


def agency_list_with_counts(user: User | AnonymousUser, *, on: date | None = None) -> QuerySet[Agency]:
    """Visible agencies annotated with their number of active civil servants."""
    day = on or timezone.localdate()
    active = Q(civil_servants__service_start__lte=day) & (
        Q(civil_servants__service_end__isnull=True) | Q(civil_servants__service_end__gt=day)
    )
    return agency_queryset_for(user).annotate(active_civil_servants=Count("civil_servants", filter=active))


# Of agencies sharing a code, how many a refusal names (35 regencies of a province).
MANY = 40


def agency_by_code(code: str, *, region: str) -> Agency:
    """The agency of `region` with `code` ("DINKES"), or, where the region holds
    several regencies that each have one, the one a "33.24:DINKES" names.
    Raises ApplicationError naming the regencies to choose from."""
    regency, _sep, bare = code.strip().upper().rpartition(":")
    agencies = Agency.objects.filter(region_q("regency", regency or region), code=bare)
    found = list(agencies.order_by("regency_id")[:MANY])
    if not found:
        raise ApplicationError(_("OPD dengan kode %(code)s tidak ada.") % {"code": bare}, field="agency")
    if len(found) > 1:
        choices = ", ".join(f"{agency.regency_id}:{agency.code}" for agency in found)
        raise ApplicationError(
            _("Kode OPD %(code)s ada di beberapa kabupaten/kota; tulis salah satu: %(choices)s.")
            % {"code": bare, "choices": choices},
            field="agency",
        )
    return found[0]


def agency_get_for(user: User | AnonymousUser, pk: object) -> Agency:
    """One visible agency, or Http404 — never 403, so existence does not leak."""
    return get_object_or_404(agency_queryset_for(user), pk=pk)


def agency_name_on(agency: Agency, day: date) -> str:
    """The name the agency carried on `day` (its current name if none recorded)."""
    record = (
        AgencyName.objects.filter(agency=agency, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("-valid_from")
        .first()
    )
    return record.name if record else agency.name


def civil_servant_queryset_for(user: User | AnonymousUser) -> QuerySet[CivilServant]:
    """Civil servants the user may see: those of the agencies they see, except
    a civil servant, who sees only themself."""
    people = CivilServant.objects.select_related("agency", "home_village", "regency")
    u = as_user(user)
    if u is None:
        return people.none()
    if may(u, Capability.READ_INSTANCE):
        return in_user_region(people, u)
    if u.role == Role.CIVIL_SERVANT:
        return people.filter(pk=u.civil_servant_id) if u.civil_servant_id else people.none()
    return people.filter(agency__in=agency_queryset_for(u))


def civil_servant_get_for(user: User | AnonymousUser, pk: object) -> CivilServant:
    """One visible civil servant, or Http404."""
    return get_object_or_404(civil_servant_queryset_for(user), pk=pk)


def active_on(queryset: QuerySet[CivilServant], day: date) -> QuerySet[CivilServant]:
    """Those in service on `day`."""
    return queryset.filter(service_start__lte=day).filter(Q(service_end__isnull=True) | Q(service_end__gt=day))
