"""Who is covered: a worker-month is covered when its due is paid in full.

Paying moves a verified or lapsed worker to protected at once; three
consecutive months with unpaid dues move a protected worker to lapsed (BPJS
makes the membership inactive after three unpaid months), and the sponsor and
the operators of the worker's district are told.
"""

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.accounts.models import Role, User
from peduli.core.months import YearMonth
from peduli.ledger.locks import ledger_run_lock, sponsor_regencies
from peduli.notifications.services import notifications_send
from peduli.workers.models import Worker
from peduli.workers.services import workers_set_status

LAPSE_MONTHS = 3
COVERED_REASON = "iuran_lunas"
LAPSED_REASON = "tunggakan_3bln"


def coverage_mark_protected(scope_sql: str, params: tuple[Any, ...] = ()) -> list[int]:
    """Protect the workers of the scoped sponsors whose due of this month or
    the last two is paid."""
    since = (YearMonth.current() - (LAPSE_MONTHS - 1)).first_day
    covered = f"""SELECT d.worker_id FROM ledger_due d
        WHERE d.sponsor_id IN ({scope_sql}) AND d.cancelled = FALSE AND d.paid_amount = d.amount
          AND d.month >= %s"""
    return workers_set_status(
        actor=None, worker_ids_sql=covered, params=(*params, since), to=Worker.Status.PROTECTED,
        on=timezone.localdate(), reason=COVERED_REASON,
    )  # fmt: skip


def coverage_lapse(*, month: YearMonth, regency_id: str | None = None) -> list[int]:
    """Lapse the protected workers whose dues of `month` and the two months
    before are all unpaid (and who have no paid due after them); tell their
    sponsors and operators. Regency by regency (only the one given, else every
    regency with sponsors), one transaction each: a worker belongs to the
    regency of the sponsor owing its due of `month`. Returns the workers
    lapsed."""
    regencies = [regency_id] if regency_id else sponsor_regencies()
    return [worker for regency in regencies for worker in _lapse_run(month=month, regency_id=regency)]


@transaction.atomic
def _lapse_run(*, month: YearMonth, regency_id: str) -> list[int]:
    # The regency's ledger lock, exclusively: a payment in flight for one of
    # its sponsors commits first and is seen (its worker is not lapsed), and
    # payments after wait and protect again whom this lapses. Nothing that
    # waits for the shared lock holds a worker row (`sponsorship_start`
    # takes the lock before its worker), so taking it first cannot deadlock.
    ledger_run_lock(regency_id=regency_id)
    first = (month - (LAPSE_MONTHS - 1)).first_day
    unpaid_run = f"""SELECT d.worker_id FROM ledger_due d
        WHERE d.cancelled = FALSE AND d.month BETWEEN %s AND %s
        GROUP BY d.worker_id
        HAVING COUNT(DISTINCT d.month) = {LAPSE_MONTHS} AND SUM(d.paid_amount) = 0
           AND NOT EXISTS (SELECT 1 FROM ledger_due later WHERE later.worker_id = d.worker_id
                           AND later.month > %s AND later.cancelled = FALSE AND later.paid_amount = later.amount)"""
    # The run's criterion over all the worker's dues, as before; only which
    # workers this regency's run looks at is narrowed (each has one live due
    # of `month`, so one regency).
    in_regency = f"""SELECT run.worker_id FROM ({unpaid_run}) run
        WHERE run.worker_id IN (SELECT d.worker_id FROM ledger_due d
            JOIN sponsorships_sponsor s ON s.id = d.sponsor_id
            WHERE d.cancelled = FALSE AND d.month = %s AND s.regency_id = %s)"""
    params = (first, month.first_day, month.first_day, month.first_day, regency_id)
    lapsed = workers_set_status(
        actor=None, worker_ids_sql=in_regency, params=params,
        to=Worker.Status.LAPSED, on=timezone.localdate(), reason=LAPSED_REASON,
    )  # fmt: skip
    if lapsed:
        _tell_about_lapses(lapsed, month)
    return lapsed


def _tell_about_lapses(worker_ids: list[int], month: YearMonth) -> None:
    workers = Worker.objects.filter(pk__in=worker_ids).prefetch_related(
        "sponsorships__sponsor__civil_servant__user", "sponsorships__sponsor__partner"
    )
    operators: dict[str, list[User]] = {}
    for user in User.objects.filter(role=Role.DISTRICT_OPERATOR, is_active=True):
        operators.setdefault(str(user.district_id), []).append(user)
    office = list(User.objects.filter(role=Role.REGENCY_ADMIN, is_active=True))
    for worker in workers:
        running = [s for s in worker.sponsorships.all() if s.runs_in(month)]
        recipients: list[User] = list(operators.get(str(worker.district_id), office))
        for sponsorship in running:
            sponsor = sponsorship.sponsor
            if sponsor.civil_servant is not None and hasattr(sponsor.civil_servant, "user"):
                recipients.append(sponsor.civil_servant.user)
            if sponsor.partner is not None:
                recipients.append(sponsor.partner)
        notifications_send(
            users=recipients,
            title=_("Iuran %(name)s menunggak 3 bulan") % {"name": worker.name},
            body=_(
                "Iuran BPJS Ketenagakerjaan %(name)s belum dibayar %(n)s bulan berturut-turut sampai %(month)s; "
                "kepesertaannya tidak aktif sampai iuran dilunasi."
            )
            % {"name": worker.name, "n": LAPSE_MONTHS, "month": month.label},
            url=reverse("workers:worker_detail", args=[worker.pk]),
        )
