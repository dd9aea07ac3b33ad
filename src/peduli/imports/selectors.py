"""Reads of import batches, scoped by the reader's role."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from peduli.accounts.models import Role, User
from peduli.accounts.roles import as_user
from peduli.imports.models import ImportBatch


def import_batch_queryset_for(user: User | AnonymousUser, kind: str) -> QuerySet[ImportBatch]:
    """Batches of one kind the user may see: the labour office all of them,
    everyone else only those they uploaded."""
    batches = ImportBatch.objects.filter(kind=kind).select_related("uploaded_by").order_by("-created_at", "-pk")
    u = as_user(user)
    if u is None:
        return batches.none()
    if u.is_superuser or u.role == Role.REGENCY_ADMIN:
        return batches
    return batches.filter(uploaded_by=u)
