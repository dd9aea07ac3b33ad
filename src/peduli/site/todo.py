"""What each user has to do next, for the home page (issue 15 point 5).

Every item asks the role matrix whether the user does that work, counts it
with the same scoped selector the work's own page uses, and links there; so
an agency operator sees the agency's report and its civil servants still
without an account, a district operator the workers waiting for
verification, the BPJS officer the remittances to confirm."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.accounts.models import Role, User
from peduli.accounts.roles import Capability, may
from peduli.bpjs.models import RegistrationEntry
from peduli.bpjs.registration_selectors import registration_entry_queryset_for, registration_rejected_for
from peduli.core.formatting import number
from peduli.core.months import YearMonth
from peduli.imports.models import ImportBatch
from peduli.imports.selectors import import_batch_queryset_for
from peduli.imports.views import batch_url
from peduli.ledger.calendar import report_deadline
from peduli.ledger.models import Remittance
from peduli.ledger.reconciliation_selectors import difference_queryset_for
from peduli.ledger.selectors import (
    OUTSTANDING,
    arrears_by_sponsor,
    due_queryset_for,
    owed_dues,
    remittance_queryset_for,
)
from peduli.reporting.models import CivilServantFact
from peduli.reporting.monthly_reports.selectors import STATE_LABELS, monthly_report_missing
from peduli.sponsorships.selectors import sponsor_queryset_for, sponsorship_queryset_for
from peduli.users.onboarding import without_account
from peduli.users.slips import waiting_codes
from peduli.workers.models import DuplicateFlag
from peduli.workers.selectors import duplicate_flags_for, verification_queue_for


@dataclass(frozen=True)
class Todo:
    label: str
    count: int
    url: str
    note: str = ""
    # A figure to know, not work to do (a partner's workers): never "beres".
    info: bool = False


def todo_for(user: User) -> list[Todo]:
    """The user's open work, most pressing first; an item with 0 is done."""
    items: list[Todo] = []
    month = YearMonth.current()
    # Whoever reviews the reports, and the operator of an agency or a district
    # office, who sends its own (with its deadline).
    sends = user.agency_id or user.district_id
    if may(user, Capability.REVIEW_MONTHLY_REPORTS) or (may(user, Capability.READ_MONTHLY_REPORTS) and sends):
        missing = monthly_report_missing(user, month=month - 1)
        states = ", ".join(sorted({str(STATE_LABELS[row.state]) for row in missing}))
        note = states if not sends or not missing else _("%(states)s; batas %(deadline)s") % {
            "states": states, "deadline": report_deadline(month - 1).strftime("%d/%m/%Y")}  # fmt: skip
        label = _("Laporan bulanan %(month)s belum masuk") % {"month": (month - 1).label}
        items.append(Todo(label, len(missing), reverse("reporting:monthly_report_list"), note))
    if may(user, Capability.EDIT_WORKERS):
        items.append(Todo(_("Pekerja menunggu verifikasi"), verification_queue_for(user).count(),
                          reverse("workers:verification_queue")))  # fmt: skip
        open_flags = duplicate_flags_for(user).filter(status=DuplicateFlag.Status.OPEN).count()
        items.append(Todo(_("Kemungkinan duplikat untuk ditinjau"), open_flags, reverse("workers:duplicate_list")))
    if may(user, Capability.OPEN_ACCOUNTS):
        agency = user.agency if user.role == Role.AGENCY_OPERATOR else None
        accounts = reverse("users:civil_servant_accounts")
        items.append(Todo(_("ASN belum punya akun"), without_account(agency).count(), accounts))
        items.append(Todo(_("ASN belum aktivasi akun"), waiting_codes(agency).count(), accounts))
    if may(user, Capability.CONFIRM_REMITTANCES):
        drafts = remittance_queryset_for(user).filter(status=Remittance.Status.DRAFT).count()
        items.append(Todo(_("Setoran menunggu konfirmasi BPJS"), drafts, reverse("ledger:remittance_list")))
    if may(user, Capability.EXCHANGE_REGISTRATIONS):
        rejected = registration_rejected_for(user, fixed=False).count()
        items.append(Todo(_("Pendaftaran BPJS ditolak, perlu diperbaiki"), rejected,
                          reverse("bpjs:registration_rejected")))  # fmt: skip
    if may(user, Capability.READ_LEDGER):
        behind = arrears_by_sponsor(user, month).count()
        items.append(Todo(_("Donatur menunggak iuran"), behind, reverse("ledger:arrears")))
    items += _imports(user) + _exchange(user) + _agency(user, month) + _partner(user, month)
    return sorted(items, key=lambda item: (item.info, item.count == 0))


def _imports(user: User) -> list[Todo]:
    """Files still being read, and those that failed this week (the labour
    office sees everyone's; anyone else their own uploads)."""
    batches = import_batch_queryset_for(user)
    running = batches.filter(status__in=[ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING])
    failed = batches.filter(status=ImportBatch.Status.FAILED, created_at__gte=timezone.now() - timedelta(days=7))
    items = []
    for label, found in ((_("Impor sedang diproses"), running), (_("Impor gagal dalam 7 hari terakhir"), failed)):
        latest = found.first()
        if latest is not None:  # nothing to say when nobody imports
            items.append(Todo(label, found.count(), batch_url(latest), latest.original_name))
    # Payments a bank file held for no known sponsor: the rows the last month's payment imports refused.
    refused = batches.filter(kind="payments", dry_run=False, status=ImportBatch.Status.DONE,
                             created_at__gte=timezone.now() - timedelta(days=30), rejected_count__gt=0)  # fmt: skip
    if may(user, Capability.KEEP_LEDGER) and (latest := refused.first()) is not None:
        count = sum(refused.values_list("rejected_count", flat=True))
        items.append(Todo(_("Baris pembayaran tidak cocok, 30 hari terakhir"), count, batch_url(latest),
                          latest.original_name))  # fmt: skip
    return items


def _exchange(user: User) -> list[Todo]:
    """BPJS's side: registrations sent and not answered; differences between
    a remittance and BPJS's statement still open."""
    items = []
    if may(user, Capability.EXCHANGE_REGISTRATIONS):
        waiting = registration_entry_queryset_for(user).filter(status=RegistrationEntry.Status.SENT).count()
        items.append(Todo(_("Pekerja dikirim untuk didaftarkan, menunggu jawaban BPJS"), waiting,
                          reverse("bpjs:registration_batch_list")))  # fmt: skip
    if may(user, Capability.RESOLVE_DIFFERENCES):
        open_differences = difference_queryset_for(user).filter(resolved_at__isnull=True).count()
        items.append(Todo(_("Selisih rekonsiliasi BPJS belum diselesaikan"), open_differences,
                          reverse("ledger:remittance_list")))  # fmt: skip
    return items


def _agency(user: User, month: YearMonth) -> list[Todo]:
    """An agency's operator: its civil servants who sponsor nobody yet (this
    month's figures, as the agency's dashboard counts them)."""
    if user.role != Role.AGENCY_OPERATOR or user.agency is None:
        return []
    fact = CivilServantFact.objects.filter(agency=user.agency, month=month.first_day).first()
    idle = fact.civil_servants - fact.sponsoring if fact else 0
    url = reverse("reporting:dashboard_agency", args=[user.agency.code])
    return [Todo(_("ASN belum membiayai pekerja"), idle, url)]


def _partner(user: User, month: YearMonth) -> list[Todo]:
    """A CSR partner: what its organisation owes, and the workers it pays for."""
    if user.role != Role.CSR_PARTNER:
        return []
    items = []
    for sponsor in sponsor_queryset_for(user).order_by("name"):
        url = reverse("sponsorships:sponsor_detail", args=[sponsor.pk])
        owed = owed_dues(due_queryset_for(user).filter(sponsorship__sponsor=sponsor), month).aggregate(
            amount=Sum(OUTSTANDING), dues=Count("pk")
        )
        note = _("Rp %(amount)s") % {"amount": number(owed["amount"])} if owed["amount"] else ""
        items.append(Todo(_("Iuran tertunggak %(sponsor)s (pekerja-bulan)") % {"sponsor": sponsor.name},
                          owed["dues"], url, note))  # fmt: skip
        running = Q(end_month__isnull=True) | Q(end_month__gte=month.first_day)
        paid_for = sponsorship_queryset_for(user).filter(running, sponsor=sponsor, start_month__lte=month.first_day)
        workers = paid_for.values("worker").distinct().count()
        items.append(Todo(_("Pekerja yang dibiayai %(sponsor)s bulan ini") % {"sponsor": sponsor.name},
                          workers, url, info=True))  # fmt: skip
    return items
