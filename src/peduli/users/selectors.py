"""Accounts as the people who manage them see them: how far the civil
service has come into Peduli (ADR 0019), and which accounts a user manages."""

from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from peduli.accounts.models import Role, User
from peduli.accounts.roles import Capability, may
from peduli.agencies.models import Agency, CivilServant
from peduli.agencies.selectors import active_on, agency_get_for, agency_queryset_manageable_by
from peduli.regions.scoping import user_region_code, users_in_region


@dataclass(frozen=True)
class Activation:
    agency: Agency | None  # None: the total of several
    in_service: int
    accounts: int
    activated: int

    @property
    def percent(self) -> float | None:
        return 100 * self.activated / self.in_service if self.in_service else None


def activation_by_agency(agencies: list[Agency]) -> list[Activation]:
    """For each agency: civil servants in service, their accounts, and how
    many of those have set a password."""
    people = active_on(CivilServant.objects.filter(agency__in=agencies), timezone.localdate())
    account = Q(user__role=Role.CIVIL_SERVANT)
    activated = account & ~Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
    counts = {
        row["agency"]: (row["in_service"], row["accounts"], row["activated"])
        for row in people.values("agency").annotate(
            in_service=Count("pk"), accounts=Count("user", filter=account), activated=Count("user", filter=activated)
        )
    }
    return [Activation(agency, *counts.get(agency.pk, (0, 0, 0))) for agency in agencies]


@dataclass(frozen=True)
class ActivationLeague:
    total: Activation
    rows: list[Activation]


def activation_league(agencies: list[Agency]) -> ActivationLeague:
    """Activation per agency, the furthest behind first (they need a nudge),
    and the total; agencies with nobody in service left out."""
    rows = [row for row in activation_by_agency(agencies) if row.in_service]
    rows.sort(key=lambda row: (row.percent or 0.0, -row.in_service))
    return ActivationLeague(total=activation_total(rows), rows=rows)


def activation_total(rows: list[Activation], agency: Agency | None = None) -> Activation:
    return Activation(agency=agency, in_service=sum(r.in_service for r in rows),
                      accounts=sum(r.accounts for r in rows), activated=sum(r.activated for r in rows))  # fmt: skip


def waiting_user(agency: Agency | None, nip: str) -> User | None:
    """The civil servant's account with this NIP, within `agency` when given."""
    users = User.objects.filter(username=nip, role=Role.CIVIL_SERVANT)
    if agency is not None:
        users = users.filter(civil_servant__agency=agency)
    return users.select_related("civil_servant").first()


def accounts_agency(user: User, picked: str) -> Agency | None:
    """The agency an accounts page or call is about: an agency operator's
    own; for the labour office the one picked (an id), or every agency."""
    if user.role == Role.AGENCY_OPERATOR:
        return user.agency
    return agency_get_for(user, picked) if str(picked).isdigit() else None


def accounts_agencies(user: User, agency: Agency | None) -> list[Agency]:
    return [agency] if agency else list(agency_queryset_manageable_by(user).order_by("name"))


def users_managed_by(user: User) -> QuerySet[User]:
    """The accounts `user` manages: every one of its region for the labour office; those of
    the civil servants of the agencies an operator's roster covers (an
    agency's own, a district office's)."""
    if not may(user, Capability.MANAGE_USERS):
        return User.objects.none()
    if may(user, Capability.MANAGE_AGENCIES):
        return users_in_region(User.objects.all(), user_region_code(user))
    return User.objects.filter(role=Role.CIVIL_SERVANT, civil_servant__agency__in=agency_queryset_manageable_by(user))


def user_managed_get(user: User, pk: object) -> User:
    return get_object_or_404(users_managed_by(user).select_related("civil_servant__agency", "agency", "district"),
                             pk=pk)  # fmt: skip


def locked_usernames() -> QuerySet[Any]:
    """Usernames locked out from some address now (django-axes' attempts)."""
    return AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).values("username")
