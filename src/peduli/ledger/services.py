"""Every change to the ledger: dues, payments, reversals, prepayments and
remittances (the calendar's days off are `calendar_services`). Posted money is never edited; every balance moves in one
statement under the sponsor's row lock."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, require_role
from peduli.core.changes import snapshots_mark_stale, snapshots_mark_stale_rows
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.ledger.allocation import ALLOCATABLE_PAYMENT, allocate_sponsors
from peduli.ledger.coverage import coverage_sync_for_sponsors
from peduli.ledger.dues import dues_insert
from peduli.ledger.locks import ledger_lock_shared, ledger_run_lock, sponsor_regencies
from peduli.ledger.models import Allocation, Due, Payment, Remittance
from peduli.regions.selectors import instance_region_code
from peduli.sponsorships.models import Sponsor, Sponsorship

PREPAYMENT_MONTHS = (1, 3, 6, 12)
MANUAL_METHODS = (Payment.Method.TRANSFER, Payment.Method.CASH, Payment.Method.PAYROLL, Payment.Method.CSR_LUMP_SUM)
# The sponsors a month's new dues may take money from: those with open dues in it.
SPONSORS_OWING_IN_MONTH = (
    "SELECT sponsor_id FROM ledger_due WHERE month = %s AND cancelled = FALSE AND paid_amount < amount"
)
# The sponsors whose paid dues of a month a remittance takes.
SPONSORS_REMITTABLE_IN_MONTH = """SELECT sponsor_id FROM ledger_due
    WHERE month = %s AND cancelled = FALSE AND remittance_id IS NULL AND paid_amount = amount"""


def sponsors_lock(scope_sql: str, params: Sequence[Any] = ()) -> None:
    """Lock the sponsors' rows in id order, so two allocations over
    overlapping sponsors wait for each other and never deadlock, after the
    shared ledger lock of their regencies, which the monthly dues and lapse
    runs of those regencies exclude. (SQLite already serialises writers.)"""
    if connection.vendor == "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT regency_id FROM sponsorships_sponsor WHERE id IN ({scope_sql})", list(params))
        ledger_lock_shared(regency_ids=[regency_id for (regency_id,) in cursor.fetchall()])
        cursor.execute(
            f"SELECT id FROM sponsorships_sponsor WHERE id IN ({scope_sql}) ORDER BY id FOR UPDATE", list(params)
        )


def payments_bulk_apply(*, where: str, params: Sequence[Any]) -> int:
    """Credit payments inserted in bulk (the rows of ledger_payment matching
    `where`: a payment file, the demo's history) to their sponsors in one
    statement, then allocate their sponsors' free money set-based; returns the
    rupiah allocated. The caller holds the sponsors' locks (`sponsors_lock`)
    and decides about coverage."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE sponsorships_sponsor SET credit = credit + t.amount FROM (SELECT sponsor_id, SUM(amount) AS amount "
            f"FROM ledger_payment WHERE {where} GROUP BY sponsor_id) t WHERE sponsorships_sponsor.id = t.sponsor_id",
            list(params),
        )
    return allocate_sponsors(f"SELECT sponsor_id FROM ledger_payment WHERE {where}", tuple(params))


def _allocate(scope_sql: str, params: Sequence[Any] = ()) -> int:
    allocated = allocate_sponsors(scope_sql, tuple(params))
    coverage_sync_for_sponsors(scope_sql, tuple(params))
    return allocated


@transaction.atomic
def sponsor_allocate(*, sponsor_ids: Sequence[int]) -> int:
    """Apply the listed sponsors' free money to their open dues, oldest first,
    and mark the workers it covers as protected; returns the rupiah allocated."""
    if not sponsor_ids:
        return 0
    scope = f"SELECT id FROM sponsorships_sponsor WHERE id IN ({', '.join(['%s'] * len(sponsor_ids))})"
    sponsors_lock(scope, sponsor_ids)
    return _allocate(scope, sponsor_ids)


def dues_generate(*, actor: User | None, month: YearMonth, regency_id: str | None = None) -> int:
    """Create the month's dues for every running sponsorship of the
    regency's sponsors (idempotent), then let the sponsors' credit pay them;
    without a regency, for every regency with sponsors, one transaction each
    (a regency's run never holds up another's payments). The monthly task and
    `peduli generate_dues` call this; returns how many dues were created."""
    require_role(actor, Capability.KEEP_LEDGER, _("Hanya Disperinaker yang membuat tagihan iuran."))
    regencies = [regency_id] if regency_id else sponsor_regencies()
    return sum(_dues_run(month=month, regency_id=regency) for regency in regencies)


@transaction.atomic
def _dues_run(*, month: YearMonth, regency_id: str) -> int:
    created = dues_insert(month=month, sponsor_regency_id=regency_id)
    # After the insert (which waits for sponsorships being ended or prepaid),
    # wait for the regency's payments in flight: they cannot see these dues,
    # so their credit must be committed before we read it; later payments
    # wait for us and see the dues. Taken before the insert, it would
    # deadlock with an ending that holds its sponsorship row and waits for
    # the shared lock.
    ledger_run_lock(regency_id=regency_id)
    # Only a sponsor holding credit (read under the lock) has money to place:
    # allocating for every owing sponsor cost a million-sponsorship month
    # more than creating its dues.
    with_credit = f"""SELECT id FROM sponsorships_sponsor
        WHERE regency_id = %s AND credit > 0 AND id IN ({SPONSORS_OWING_IN_MONTH})"""
    _allocate(with_credit, [regency_id, month.first_day])
    return created


def _duplicate_reference(*, source: str, reference: str) -> ApplicationError:
    return ApplicationError(
        _("Bukti %(reference)s dari %(source)s sudah dicatat; pembayaran tidak dicatat dua kali.")
        % {"reference": reference, "source": source},
        field="reference",
        code="duplicate_reference",
    )


def _check_reference(*, source: str, reference: str) -> None:
    if not reference:
        raise ApplicationError(_("Isi nomor bukti pembayaran (nomor transfer atau kuitansi)."), field="reference")
    if Payment.objects.filter(source=source, reference=reference).exists():
        raise _duplicate_reference(source=source, reference=reference)


@transaction.atomic
def payment_record(
    *,
    actor: User | None,
    sponsor: Sponsor,
    amount: int,
    received_on: date,
    method: str,
    reference: str,
    source: str = "",
    note: str = "",
) -> Payment:
    """Record money received from a sponsor and allocate it. What is more than
    the sponsor owes stays as credit for the next dues."""
    require_role(actor, Capability.KEEP_LEDGER, _("Hanya Disperinaker yang mencatat pembayaran."))
    if amount <= 0:
        raise ApplicationError(_("Jumlah pembayaran harus lebih dari nol."), field="amount")
    if method not in MANUAL_METHODS:
        raise ApplicationError(_("Pilih cara bayar."), field="method")
    if received_on > timezone.localdate():
        raise ApplicationError(_("Tanggal diterima tidak boleh di masa depan."), field="received_on")
    reference, source = reference.strip(), (source.strip() or method)
    sponsors_lock("%s", [sponsor.pk])
    _check_reference(source=source, reference=reference)
    try:
        # Another sponsor's clerk may be recording the same reference right
        # now: the unique key decides, and the loser is told, not crashed.
        with transaction.atomic():
            payment = Payment.objects.create(
                sponsor=sponsor, regency_id=sponsor.regency_id, amount=amount, received_on=received_on,
                method=method, source=source, reference=reference, note=note.strip(), recorded_by=actor,
            )  # fmt: skip
    except IntegrityError as error:
        raise _duplicate_reference(source=source, reference=reference) from error
    Sponsor.objects.filter(pk=sponsor.pk).update(credit=F("credit") + amount)
    sponsor_allocate(sponsor_ids=[sponsor.pk])
    return payment


def _recompute_paid(due_ids_sql: str, params: Sequence[Any]) -> None:
    """Set the dues' paid amounts to the sum of their allocations."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE ledger_due SET paid_amount = (SELECT COALESCE(SUM(a.amount), 0)
                FROM ledger_allocation a WHERE a.due_id = ledger_due.id)
            WHERE id IN ({due_ids_sql})""",
            list(params),
        )
    snapshots_mark_stale_rows(
        f"SELECT regency_id, MIN(month) FROM ledger_due WHERE id IN ({due_ids_sql}) GROUP BY regency_id", params
    )


def _undo_allocations(*, payment: Payment, reversal: Payment) -> None:
    """Book, on the reversal row, the opposite of what `payment` put on each due."""
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO ledger_allocation (payment_id, due_id, amount, created_at)
            SELECT %s, a.due_id, -SUM(a.amount), %s FROM ledger_allocation a
            WHERE a.payment_id = %s GROUP BY a.due_id HAVING SUM(a.amount) <> 0""",
            [reversal.pk, timezone.now(), payment.pk],
        )
    _recompute_paid("SELECT due_id FROM ledger_allocation WHERE payment_id = %s", [reversal.pk])


def _release_dues(due_ids_sql: str, params: Sequence[Any]) -> None:
    """Give back to their payments the money on the given dues (negative
    allocations per payment), leaving the dues empty."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO ledger_allocation (payment_id, due_id, amount, created_at)
            SELECT a.payment_id, a.due_id, -SUM(a.amount), %s
            FROM ledger_allocation a JOIN ledger_payment p ON p.id = a.payment_id
            WHERE a.due_id IN ({due_ids_sql}) AND {ALLOCATABLE_PAYMENT}
            GROUP BY a.payment_id, a.due_id HAVING SUM(a.amount) <> 0""",
            [timezone.now(), *params],
        )
    _recompute_paid(due_ids_sql, params)


@transaction.atomic
def payment_reverse(*, actor: User | None, payment: Payment, reason: str) -> Payment:
    """Cancel a wrong payment with a reversal row and negative allocations; the
    dues it paid open again and the sponsor's other credit pays them if it can."""
    require_role(actor, Capability.KEEP_LEDGER, _("Hanya Disperinaker yang membatalkan pembayaran."))
    if not reason.strip():
        raise ApplicationError(_("Tulis alasan pembatalan."), field="reason")
    sponsors_lock("%s", [payment.sponsor_id])
    payment = Payment.objects.get(pk=payment.pk)
    if payment.reverses_id is not None:
        raise ApplicationError(_("Pembatalan tidak dapat dibatalkan lagi."), code="is_reversal")
    if Payment.objects.filter(reverses=payment).exists():
        raise ApplicationError(_("Pembayaran ini sudah dibatalkan."), code="already_reversed")
    if Due.objects.filter(allocations__payment=payment, remittance__isnull=False).exists():
        raise ApplicationError(
            _("Iuran yang dibayar dengan pembayaran ini sudah disetor ke BPJS; batalkan setorannya dulu."),
            code="remitted",
        )
    reversal = Payment.objects.create(
        sponsor_id=payment.sponsor_id, regency_id=payment.regency_id, amount=-payment.amount,
        received_on=timezone.localdate(), method=Payment.Method.REVERSAL, source=Payment.Method.REVERSAL,
        reference=str(payment.pk), note=reason.strip(), reverses=payment, recorded_by=actor,
    )  # fmt: skip
    _undo_allocations(payment=payment, reversal=reversal)
    allocated = Allocation.objects.filter(payment=payment).aggregate(total=Sum("amount"))["total"] or 0
    # The sponsor's credit loses what of the payment was still free.
    Sponsor.objects.filter(pk=payment.sponsor_id).update(credit=F("credit") - (payment.amount - allocated))
    sponsor_allocate(sponsor_ids=[payment.sponsor_id])
    return reversal


def sponsorship_close_after(*, sponsorship: Sponsorship, last_month: YearMonth) -> int:
    """Cancel a sponsorship's dues after `last_month`; money already on them
    goes back to the sponsor's credit and on to its other open dues. Called
    by `sponsorship_end` inside its transaction; returns dues cancelled."""
    sponsors_lock("%s", [sponsorship.sponsor_id])
    later = Due.objects.filter(sponsorship=sponsorship, month__gt=last_month.first_day, cancelled=False)
    if later.filter(remittance__isnull=False).exists():
        raise ApplicationError(
            _("Iuran sesudah bulan terakhir sudah disetor ke BPJS; pilih bulan terakhir yang lebih akhir."),
            field="last_month",
        )
    held = later.aggregate(total=Sum("paid_amount"))["total"] or 0
    later_ids = "SELECT id FROM ledger_due WHERE sponsorship_id = %s AND month > %s AND cancelled = FALSE"
    _release_dues(later_ids, [sponsorship.pk, last_month.first_day])
    cancelled = later.update(cancelled=True)
    Sponsor.objects.filter(pk=sponsorship.sponsor_id).update(credit=F("credit") + held)
    sponsor_allocate(sponsor_ids=[sponsorship.sponsor_id])
    return cancelled


def sponsorship_reopen_after(*, sponsorship: Sponsorship, last_month: YearMonth) -> int:
    """Take back `sponsorship_close_after`: the dues it cancelled after
    `last_month` are owed again, and the sponsor's credit pays them as far
    as it goes. Called by `sponsorship_end_undo` inside its transaction;
    returns dues reopened."""
    sponsors_lock("%s", [sponsorship.sponsor_id])
    reopened = Due.objects.filter(sponsorship=sponsorship, month__gt=last_month.first_day, cancelled=True).update(
        cancelled=False
    )
    sponsor_allocate(sponsor_ids=[sponsorship.sponsor_id])
    return reopened


@transaction.atomic
def sponsorship_prepay(
    *,
    actor: User | None,
    sponsorship: Sponsorship,
    months: int,
    received_on: date,
    method: str,
    reference: str,
    source: str = "",
) -> Payment | None:
    """Pay 1, 3, 6 or 12 months at once, from the sponsorship's first unpaid
    month: create the dues not yet there and settle them (with anything the
    sponsor owes before them, oldest first) in one payment. Returns None when
    the sponsor's credit already covered it."""
    require_role(actor, Capability.KEEP_LEDGER, _("Hanya Disperinaker yang mencatat pembayaran."))
    if months not in PREPAYMENT_MONTHS:
        raise ApplicationError(_("Bayar di muka untuk 1, 3, 6 atau 12 bulan."), field="months")
    # The sponsorship before its sponsor, in the order `sponsorship_end` takes
    # them: the new dues' foreign key needs the sponsorship at commit, so the
    # other order deadlocks with an ending; and an ending that committed
    # meanwhile is seen.
    sponsorship = Sponsorship.objects.select_for_update(of=("self",)).select_related("sponsor").get(pk=sponsorship.pk)
    if sponsorship.end_month is not None:
        raise ApplicationError(_("Kepesertaan ini sudah berakhir."), code="already_ended")
    sponsors_lock("%s", [sponsorship.sponsor_id])
    dues = Due.objects.filter(sponsorship=sponsorship, cancelled=False)
    first_unpaid = dues.filter(paid_amount__lt=F("amount")).order_by("month").first()
    latest = dues.order_by("-month").first()
    if first_unpaid is not None:
        first = YearMonth.of(first_unpaid.month)
    elif latest is not None:
        first = YearMonth.of(latest.month) + 1
    else:
        first = max(YearMonth.current(), sponsorship.start)
    last = first + (months - 1)
    for index in range(first.index, last.index + 1):
        dues_insert(month=YearMonth.from_index(index), sponsorship_ids=[sponsorship.pk])
    owed = (
        Due.objects.filter(sponsor_id=sponsorship.sponsor_id, cancelled=False, month__lte=last.first_day).aggregate(
            total=Sum(F("amount") - F("paid_amount"))
        )["total"]
        or 0
    )
    credit = Sponsor.objects.values_list("credit", flat=True).get(pk=sponsorship.sponsor_id)
    if owed - credit <= 0:
        sponsor_allocate(sponsor_ids=[sponsorship.sponsor_id])
        return None
    return payment_record(
        actor=actor, sponsor=sponsorship.sponsor, amount=owed - credit, received_on=received_on, method=method,
        reference=reference, source=source, note=_("Bayar di muka %(n)s bulan sampai %(last)s") % {
            "n": months, "last": last.label},
    )  # fmt: skip


@transaction.atomic
def remittance_create(*, actor: User | None, month: YearMonth) -> Remittance:
    """Gather the month's fully paid dues not yet handed to BPJS into a batch."""
    require_role(actor, Capability.KEEP_LEDGER, _("Hanya Disperinaker yang menyiapkan setoran ke BPJS."))
    # A reversal or an ending checks for remitted dues under the sponsor's
    # lock; taking it here makes them wait and see this batch.
    sponsors_lock(SPONSORS_REMITTABLE_IN_MONTH, [month.first_day])
    ready = Due.objects.filter(
        month=month.first_day, cancelled=False, remittance__isnull=True, paid_amount=F("amount")
    ).select_for_update()
    if not ready.exists():
        raise ApplicationError(
            _("Tidak ada iuran %(month)s yang lunas dan belum disetor.") % {"month": month.label}, code="empty"
        )
    remittance = Remittance.objects.create(regency_id=instance_region_code(), month=month.first_day, created_by=actor)
    ready.update(remittance=remittance)
    totals = remittance.dues.aggregate(count=Count("pk"), total=Sum("amount"))
    Remittance.objects.filter(pk=remittance.pk).update(due_count=totals["count"], total_amount=totals["total"])
    remittance.refresh_from_db()
    snapshots_mark_stale(regency_id=remittance.regency_id, since=YearMonth.of(remittance.month))
    return remittance


@transaction.atomic
def remittance_confirm(*, actor: User | None, remittance: Remittance, bpjs_reference: str) -> Remittance:
    """BPJS confirmed it received the batch: its dues count as remitted."""
    require_role(
        actor, Capability.CONFIRM_REMITTANCES, _("Hanya Disperinaker atau petugas BPJS yang mengonfirmasi setoran.")
    )
    remittance = Remittance.objects.select_for_update().get(pk=remittance.pk)
    if remittance.status == Remittance.Status.CONFIRMED:
        raise ApplicationError(_("Setoran ini sudah dikonfirmasi."), code="already_confirmed")
    if not bpjs_reference.strip():
        raise ApplicationError(_("Isi nomor bukti penerimaan dari BPJS."), field="bpjs_reference")
    remittance.status, remittance.bpjs_reference = Remittance.Status.CONFIRMED, bpjs_reference.strip()
    remittance.confirmed_by, remittance.confirmed_at = actor, timezone.now()
    remittance.save()
    snapshots_mark_stale(regency_id=remittance.regency_id, since=YearMonth.of(remittance.month))
    return remittance


@transaction.atomic
def remittance_cancel(*, actor: User | None, remittance: Remittance) -> None:
    """Drop a batch not yet confirmed; its dues wait for the next one."""
    require_role(actor, Capability.KEEP_LEDGER, _("Hanya Disperinaker yang membatalkan setoran."))
    remittance = Remittance.objects.select_for_update().get(pk=remittance.pk)
    if remittance.status == Remittance.Status.CONFIRMED:
        raise ApplicationError(_("Setoran yang sudah dikonfirmasi BPJS tidak dapat dibatalkan."), code="confirmed")
    Due.objects.filter(remittance=remittance).update(remittance=None)
    remittance.delete()
    snapshots_mark_stale(regency_id=remittance.regency_id, since=YearMonth.of(remittance.month))
