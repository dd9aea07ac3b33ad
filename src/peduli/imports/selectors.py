"""Reads of import batches, scoped by the reader's role."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, as_user, may
from peduli.imports.models import ImportBatch


def import_batch_queryset_for(user: User | AnonymousUser, kind: str | None = None) -> QuerySet[ImportBatch]:
    """Batches (of one kind, or every kind) the user may see: the labour
    office all of them, everyone else only those they uploaded."""
    batches = ImportBatch.objects.select_related("uploaded_by").order_by("-created_at", "-pk")
    if kind is not None:
        batches = batches.filter(kind=kind)
    u = as_user(user)
    if u is None:
        return batches.none()
    if u.is_superuser or may(u, Capability.MANAGE_AGENCIES):
        return batches
    return batches.filter(uploaded_by=u)
