"""A viewset's whole-view check of the role matrix (`accounts.roles`)."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import permissions
from rest_framework.request import Request

from peduli.accounts.roles import REFUSALS, Capability, may


def capability_required(capability: Capability) -> type[permissions.BasePermission]:
    """A permission class: 403 with the capability's refusal for a role without it."""

    class Required(permissions.BasePermission):
        message = str(REFUSALS.get(capability, _("Peran Anda tidak dapat membuka data ini.")))

        def has_permission(self, request: Request, view: Any) -> bool:
            return may(request.user, capability)

    Required.__name__ = f"Requires{capability.name.title().replace('_', '')}"
    return Required
