"""Reads of import batches, scoped by the reader's role."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, as_user, may
from peduli.imports.models import ImportBatch
from peduli.regions.scoping import instance_root_code, user_region_code, users_in_region


def import_batch_queryset_for(user: User | AnonymousUser, kind: str | None = None) -> QuerySet[ImportBatch]:
    """Batches (of one kind, or every kind) the user may see: the labour
    office those uploaded in its region (and, for the instance's whole
    region, those run from the command line), everyone else only their own."""
    batches = ImportBatch.objects.select_related("uploaded_by").order_by("-created_at", "-pk")
    if kind is not None:
        batches = batches.filter(kind=kind)
    u = as_user(user)
    if u is None:
        return batches.none()
    if u.is_superuser or may(u, Capability.MANAGE_AGENCIES):
        code = user_region_code(u)
        uploaders = Q(uploaded_by__in=users_in_region(User.objects.all(), code))
        return batches.filter(uploaders | Q(uploaded_by__isnull=True) if code == instance_root_code() else uploaders)
    return batches.filter(uploaded_by=u)
