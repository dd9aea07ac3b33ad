"""What each user has to do next, for the home page (issue 15 point 5).

Every item asks the role matrix whether the user does that work, counts it
with the same scoped selector the work's own page uses, and links there; so
an agency operator sees the agency's report and its civil servants still
without an account, a district operator the workers waiting for
verification, the BPJS officer the remittances to confirm."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from peduli.accounts.models import Role, User
from peduli.accounts.roles import Capability, may
from peduli.bpjs.registration_selectors import registration_rejected_for
from peduli.core.months import YearMonth
from peduli.ledger.models import Remittance
from peduli.ledger.selectors import arrears_by_sponsor, remittance_queryset_for
from peduli.reporting.monthly_reports.selectors import STATE_LABELS, monthly_report_missing
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


def todo_for(user: User) -> list[Todo]:
    """The user's open work, most pressing first; an item with 0 is done."""
    items: list[Todo] = []
    month = YearMonth.current()
    # Whoever reviews the reports, and an agency's operator, who sends its own.
    if may(user, Capability.REVIEW_MONTHLY_REPORTS) or (may(user, Capability.READ_MONTHLY_REPORTS) and user.agency_id):
        missing = monthly_report_missing(user, month=month - 1)
        note = ", ".join(sorted({str(STATE_LABELS[row.state]) for row in missing}))
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
    return sorted(items, key=lambda item: item.count == 0)
