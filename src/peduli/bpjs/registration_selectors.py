"""Reads of the registration exchange with BPJS Ketenagakerjaan, scoped by
role: only BPJS officers and the labour office (Disperinaker) see batches,
entries and templates; everyone else sees none.

Who is eligible for a new batch: a verified (or since protected or lapsed)
worker of the regency with a sponsorship running this month, no KPJ, not a
member BPJS already listed, and not in a batch that is waiting for BPJS or
was answered "registered". A worker BPJS rejected is offered again once their
record was saved after the rejection (an operator fixed it).
"""

from collections.abc import Iterator

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, as_user, may
from peduli.bpjs.models import Member, RegistrationBatch, RegistrationEntry, RegistrationTemplate
from peduli.bpjs.registration_fields import RegistrationRow
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.regions.scoping import in_user_region
from peduli.sponsorships.models import Sponsorship
from peduli.sponsorships.selectors import SPONSORABLE_STATUSES
from peduli.workers.models import Worker
from peduli.workers.selectors import worker_queryset_for

Status = RegistrationEntry.Status
EXPORT_CHUNK = 2_000


def registration_template_current() -> RegistrationTemplate:
    """The layout a new batch uses: the newest active version."""
    template = RegistrationTemplate.objects.filter(active=True).order_by("-version").first()
    if template is None:
        raise ApplicationError(_("Belum ada templat berkas pendaftaran; buat templat dulu."), code="no_template")
    return template


def registration_template_queryset_for(user: User | AnonymousUser) -> QuerySet[RegistrationTemplate]:
    templates = RegistrationTemplate.objects.select_related("created_by").order_by("-version")
    return templates if may(user, Capability.EXCHANGE_REGISTRATIONS) else templates.none()


def registration_batch_queryset_for(user: User | AnonymousUser) -> QuerySet[RegistrationBatch]:
    """Batches with how many of their workers are waiting, registered and rejected."""
    batches = RegistrationBatch.objects.select_related("template", "created_by", "regency").annotate(
        sent_count=Count("entries", filter=Q(entries__status=Status.SENT)),
        registered_count=Count("entries", filter=Q(entries__status=Status.REGISTERED)),
        rejected_count=Count("entries", filter=Q(entries__status=Status.REJECTED)),
    )
    u = as_user(user)
    if u is None or not may(u, Capability.EXCHANGE_REGISTRATIONS):
        return batches.none()
    return in_user_region(batches, u).order_by("-pk")


def registration_batch_get_for(user: User | AnonymousUser, pk: object) -> RegistrationBatch:
    return get_object_or_404(registration_batch_queryset_for(user), pk=pk)


def registration_entry_queryset_for(user: User | AnonymousUser) -> QuerySet[RegistrationEntry]:
    entries = RegistrationEntry.objects.select_related("worker", "worker__village", "worker__district", "batch")
    u = as_user(user)
    if u is None or not may(u, Capability.EXCHANGE_REGISTRATIONS):
        return entries.none()
    return in_user_region(entries, u, field="batch__regency")


def _changed_since_answer() -> Exists:
    """The entry's worker was saved after BPJS answered (for an entry in a subquery)."""
    history = Worker.history.model  # type: ignore[attr-defined]  # added by simple-history
    return Exists(history.objects.filter(id=OuterRef("worker_id"), history_date__gt=OuterRef("responded_at")))


def registration_rejected_for(user: User | AnonymousUser, *, fixed: bool | None = None) -> QuerySet[RegistrationEntry]:
    """Each worker's latest rejection that no later batch superseded ("perlu
    diperbaiki"), marked `fixed` once their record was saved since; only the
    fixed or the unfixed ones when `fixed` is given."""
    later = RegistrationEntry.objects.filter(worker=OuterRef("worker_id"), pk__gt=OuterRef("pk"))
    rejected = registration_entry_queryset_for(user).filter(status=Status.REJECTED).exclude(Exists(later))
    if fixed is not None:
        rejected = rejected.filter(_changed_since_answer() if fixed else ~_changed_since_answer())
    return rejected.annotate(fixed=_changed_since_answer()).order_by("fixed", "worker__district__name", "worker__name")


def registration_eligible_workers(*, regency_id: str, month: YearMonth) -> QuerySet[Worker]:
    """The workers a new batch of `regency_id` sends in `month` (unscoped:
    for the batch service and the scoped count below)."""
    first = month.first_day
    running = Sponsorship.objects.filter(worker=OuterRef("pk"), start_month__lte=first).filter(
        Q(end_month__isnull=True) | Q(end_month__gte=first)
    )
    blocking = RegistrationEntry.objects.filter(worker=OuterRef("pk")).filter(
        ~Q(status=Status.REJECTED) | ~_changed_since_answer()
    )
    return (
        Worker.objects.filter(regency_id=regency_id, status__in=SPONSORABLE_STATUSES, kpj="")
        .filter(Exists(running))
        .exclude(Exists(blocking))
        .exclude(Exists(Member.objects.filter(nik=OuterRef("nik"))))
        .order_by("pk")
    )


def registration_eligible_count_for(user: User | AnonymousUser, *, regency_id: str) -> int:
    if not may(user, Capability.EXCHANGE_REGISTRATIONS):
        return 0
    return registration_eligible_workers(regency_id=regency_id, month=YearMonth.current()).count()


def registration_rows(batch: RegistrationBatch) -> Iterator[RegistrationRow]:
    """The batch's workers in file order (district, village, name), each with
    the sponsorship that pays for them (the latest one), read in chunks."""
    sponsorships = Sponsorship.objects.select_related("sponsor").order_by("-start_month", "-pk")
    workers = (
        Worker.objects.filter(bpjs_registrations__batch=batch)
        .select_related("village", "district", "regency", "occupation")
        .prefetch_related(Prefetch("sponsorships", queryset=sponsorships))
        .order_by("district__name", "village__name", "name", "pk")
    )
    for worker in workers.iterator(chunk_size=EXPORT_CHUNK):
        paying = list(worker.sponsorships.all())
        yield RegistrationRow(worker=worker, sponsorship=paying[0] if paying else None)


def registration_latest_entry_for(user: User | AnonymousUser, worker: Worker) -> RegistrationEntry | None:
    """A worker's latest registration entry, for whoever may see the worker."""
    if not worker_queryset_for(user).filter(pk=worker.pk).exists():
        return None
    return RegistrationEntry.objects.filter(worker=worker).select_related("batch").order_by("-pk").first()
