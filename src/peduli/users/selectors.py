"""How far the civil service has come into Peduli: accounts and activations
per agency (ADR 0019)."""

from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count, Q
from django.utils import timezone

from peduli.accounts.models import Role, User
from peduli.agencies.models import Agency, CivilServant
from peduli.agencies.selectors import active_on, agency_get_for, agency_queryset_manageable_by


@dataclass(frozen=True)
class Activation:
    agency: Agency
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
