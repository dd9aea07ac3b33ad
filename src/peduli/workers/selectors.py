"""Reads of the worker registry, scoped by the reader's role and place.

Every page, API endpoint, export and command that lists or shows a worker
starts from `worker_queryset_for`; nothing else builds an unscoped queryset.
"""

from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from peduli.accounts.models import Role, User
from peduli.accounts.roles import Capability, as_user, may
from peduli.core.errors import ApplicationError
from peduli.core.nik import parse_nik
from peduli.regions.models import Region
from peduli.regions.scoping import in_user_region, instance_root_code, user_region_code
from peduli.regions.selectors import district_codes
from peduli.workers.models import MAXIMUM_AGE, DuplicateFlag, StatusChange, Worker, years_before


def worker_queryset_for(user: User | AnonymousUser) -> QuerySet[Worker]:
    """Workers the user may see.

    Labour office, leaders and BPJS officers: all of their region. District
    operator: those living in their district. Agency operators, civil servants
    and CSR partners see workers through sponsorships (ledger), not here.
    """
    workers = Worker.objects.select_related("village", "district", "occupation")
    u = as_user(user)
    if u is None:
        return workers.none()
    if may(u, Capability.READ_EVERY_PLACE):
        return in_user_region(workers, u)
    if u.role == Role.DISTRICT_OPERATOR:
        return workers.filter(district_id=u.district_id)
    return workers.none()


def worker_get_for(user: User | AnonymousUser, pk: object) -> Worker:
    """One visible worker, or Http404 — never 403, so existence does not leak."""
    return get_object_or_404(worker_queryset_for(user), pk=pk)


def worker_editable_districts(actor: User | None) -> set[str] | None:
    """District codes whose workers the actor may register, correct and verify:
    None means all (labour office, or an operator at the command line); an
    empty set means none."""
    if actor is None or actor.is_superuser or actor.role == Role.REGENCY_ADMIN:
        return None
    if actor.role == Role.DISTRICT_OPERATOR and actor.district_id:
        return {actor.district_id}
    return set()


def registration_villages(actor: User | None) -> QuerySet[Region]:
    """The villages the actor may register workers in: those of the region
    they work in (the instance's from the command line), and for a district
    operator only their district's."""
    villages = Region.objects.filter(level=Region.Level.VILLAGE).select_related("parent")
    region = user_region_code(actor) if actor is not None else instance_root_code()
    if region:
        villages = villages.filter(code__startswith=f"{region}.")
    editable = worker_editable_districts(actor)
    return villages if editable is None else villages.filter(parent_id__in=editable)


def open_duplicate_flags() -> QuerySet[DuplicateFlag]:
    return DuplicateFlag.objects.filter(status=DuplicateFlag.Status.OPEN)


def verification_queue_for(user: User | AnonymousUser) -> QuerySet[Worker]:
    """Registered workers waiting for verification (not returned, no open
    duplicate question), oldest first."""
    flagged = open_duplicate_flags().filter(Q(worker=OuterRef("pk")) | Q(candidate=OuterRef("pk")))
    return (
        worker_queryset_for(user)
        .filter(status=Worker.Status.REGISTERED, returned_reason="")
        .annotate(has_open_duplicate=Exists(flagged))
        .order_by("registered_at", "pk")
    )


def duplicate_flags_for(user: User | AnonymousUser) -> QuerySet[DuplicateFlag]:
    """Open duplicate questions about workers the user may see."""
    visible = worker_queryset_for(user)
    return (
        open_duplicate_flags()
        .filter(worker__in=visible)
        .select_related("worker__village", "candidate__village", "worker__occupation", "candidate__occupation")
        .order_by("created_at", "pk")
    )


def status_changes_of(worker: Worker) -> QuerySet[StatusChange]:
    return worker.status_changes.select_related("actor").order_by("-at", "-pk")


def workers_reaching_age_limit(queryset: QuerySet[Worker], *, on: date) -> QuerySet[Worker]:
    """Workers not yet ended who are 65 or older on `on` (BPJS ends BPU membership)."""
    return queryset.exclude(status=Worker.Status.ENDED).filter(birth_date__lte=years_before(on, MAXIMUM_AGE))


def nik_check(*, nik: str, sex: str | None = None, birth_date: Any = None) -> dict[str, Any]:
    """What the NIK rules say about one NIK, as the check-nik endpoint and
    command give it."""
    try:
        info = parse_nik(nik, district_codes=district_codes(), sex=sex or None, birth_date=birth_date)
    except ApplicationError as error:
        return {"valid": False, "message": error.message, "birth_date": None, "sex": None, "district_code": None}
    return {
        "valid": True,
        "message": _("NIK sah."),
        "birth_date": info.birth_date,
        "sex": info.sex,
        "district_code": info.district_code,
    }
