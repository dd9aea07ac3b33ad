"""What each role may see and change, in terms of places.

Selectors turn these into querysets, one function per model; this module only
answers "which agencies / which district" so the rule is written once.
"""

from django.contrib.auth.models import AnonymousUser

from peduli.accounts.models import Role, User

# Roles that read everything of the instance.
REGENCY_WIDE_READERS = frozenset({Role.REGENCY_ADMIN, Role.LEADER})


def as_user(user: User | AnonymousUser) -> User | None:
    """The logged-in, active user, or None for anyone else."""
    if isinstance(user, User) and user.is_authenticated and user.is_active:
        return user
    return None


def reads_whole_instance(user: User | AnonymousUser) -> bool:
    u = as_user(user)
    return u is not None and (u.role in REGENCY_WIDE_READERS or u.is_superuser)


def manages_roster_everywhere(user: User | AnonymousUser) -> bool:
    u = as_user(user)
    return u is not None and (u.role == Role.REGENCY_ADMIN or u.is_superuser)


# Who may open the roster pages at all (what they then see is up to selectors).
ROSTER_READERS = frozenset({Role.REGENCY_ADMIN, Role.LEADER, Role.AGENCY_OPERATOR, Role.DISTRICT_OPERATOR})
ROSTER_MANAGERS = frozenset({Role.REGENCY_ADMIN, Role.AGENCY_OPERATOR, Role.DISTRICT_OPERATOR})


def has_role(user: User | AnonymousUser, roles: frozenset[str]) -> bool:
    u = as_user(user)
    return u is not None and (u.role in roles or u.is_superuser)
