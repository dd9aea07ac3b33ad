"""`{% if user|may:"read_ledger" %}`: a template hides a link its reader's
role may not open, asking the role matrix (accounts.roles) as views do."""

from typing import Any

from django import template

from peduli.accounts.roles import Capability
from peduli.accounts.roles import may as role_may

register = template.Library()


@register.filter
def may(user: Any, capability: str) -> bool:
    """Whether `user`'s role has the capability named (a Capability value;
    an unknown name is an error, not a hidden link)."""
    return role_may(user, Capability(capability))
