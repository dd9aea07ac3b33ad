"""The region a user works in, and the one filter that keeps every list in it
(ADR 0012).

An instance serves a region (`PEDULI_REGION`: a regency, a province, or the
nation); a user of a role that is not bound to one place (the labour office,
leaders, BPJS officers) works in `User.region`, or in the instance's whole
region when it is empty. Roles bound to a place (an agency, a district, a
civil servant's own record) are narrower still, and their selectors filter by
that place. Every selector that would otherwise return "all" returns
`in_user_region(rows, user)`: a regency's administrator on a shared instance
never sees another regency's people.
"""

from typing import TypeVar

from django.conf import settings
from django.db.models import Model, Q, QuerySet

from peduli.accounts.models import User

REGENCY_CODE_LENGTH = len("33.24")
M = TypeVar("M", bound=Model)


def instance_root_code() -> str:
    """The code of the region the instance serves: a regency, a province, or "" for the nation."""
    return str(settings.PEDULI_REGION)


def user_region_code(user: User) -> str:
    """The code of the region `user` works in: their own, or the instance's."""
    return user.region_id or instance_root_code()


def region_q(field: str, code: str) -> Q:
    """Rows whose regency (`field`, a regency column) lies in the region `code`."""
    if not code:
        return Q()
    if len(code) >= REGENCY_CODE_LENGTH:
        return Q(**{f"{field}_id": code[:REGENCY_CODE_LENGTH]})
    return Q(**{f"{field}__code__startswith": f"{code}."})


def region_sql(column: str, code: str) -> tuple[str, list[str]]:
    """`region_q` for raw SQL: a condition on a regency `column` ("TRUE" for
    the nation) and its parameters."""
    if not code:
        return "TRUE", []
    if len(code) >= REGENCY_CODE_LENGTH:
        return f"{column} = %s", [code[:REGENCY_CODE_LENGTH]]
    return f"{column} LIKE %s", [f"{code}.%"]


def in_user_region(rows: QuerySet[M], user: User, *, field: str = "regency") -> QuerySet[M]:
    """`rows` of the region `user` works in (`field`: the path to the rows' regency)."""
    return rows.filter(region_q(field, user_region_code(user)))


def users_in_region(users: QuerySet[User], code: str) -> QuerySet[User]:
    """The accounts that work in the region `code`: a bound role by its
    place's regency, another by its own region (empty: the instance's whole
    region, so only within a region that is the instance's own)."""
    if not code:
        return users
    own = (
        region_q("region", code) | Q(region__isnull=True) if code == instance_root_code() else region_q("region", code)
    )
    if len(code) < REGENCY_CODE_LENGTH:  # a province: a province-wide account of it too
        own |= Q(region_id=code)
    return users.filter(
        region_q("agency__regency", code)
        | region_q("district__parent", code)
        | region_q("civil_servant__regency", code)
        | (Q(agency__isnull=True, district__isnull=True, civil_servant__isnull=True) & own)
    )
