"""Who is protected: one meaning for a worker-month, behind both the worker's
status and every figure (the coverage facts of `reporting.snapshots`).

A worker is protected in month M when
  (a) a live due of M is paid in full (a sponsor paid that month's premium), or
  (b) BPJS's member list shows them active in M, or
  (c) M's premium is not yet overdue (`ledger.calendar`) and the membership
      was paid through the month before: a live due of M follows a paid due
      of M-1, or BPJS's member span runs through M-1.
(c) applies to the current month only: the month is not late yet, so a worker
paid up to last month does not drop out of the figures on the 1st.

`Worker.status` says the same for the current month: protected exactly when
protected now; "menunggak" (arrears) when not, with a premium overdue and
unpaid (also a verified worker whose new sponsor has not paid yet); "tidak
aktif" (lapsed) after LAPSE_MONTHS overdue months unpaid in a row (BPJS makes
the membership inactive), when the sponsor and the district's operators are
told; back to verified when nothing covers or is owed any more (the
sponsorship ended). `coverage_sync` moves the statuses, set-based; the payment
services call it for the workers they touched and the hourly ledger task for
the whole regency (the calendar turns without anyone paying).
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.accounts.models import Role, User
from peduli.core.months import YearMonth
from peduli.ledger.calendar import last_overdue_month
from peduli.ledger.locks import ledger_run_lock
from peduli.ledger.protection import MEMBER_COVERS, SPONSORSHIP_COVERS, coverage_params
from peduli.notifications.services import notifications_send
from peduli.regions.selectors import instance_region_code
from peduli.workers.models import Worker
from peduli.workers.services import workers_set_status

LAPSE_MONTHS = 3
COVERED_REASON = "iuran_lunas"
ARREARS_REASON = "iuran_menunggak"
LAPSED_REASON = "tunggakan_3bln"
UNCOVERED_REASON = "tanpa_iuran"

_PROTECTED_WORKERS = f"""SELECT w.id FROM workers_worker w
    WHERE w.regency_id = %(regency)s AND (
        EXISTS (SELECT 1 FROM ledger_due d WHERE d.worker_id = w.id AND {SPONSORSHIP_COVERS.format(d="d")})
        OR EXISTS (SELECT 1 FROM bpjs_member m WHERE m.nik = w.nik AND {MEMBER_COVERS.format(m="m")}))"""
# Live dues overdue and not fully paid.
_OWING_WORKERS = """SELECT o.worker_id FROM ledger_due o
    WHERE o.regency_id = %(regency)s AND NOT o.cancelled AND o.paid_amount < o.amount AND o.month <= %(overdue)s"""
# The last LAPSE_MONTHS overdue months all unpaid, and nothing paid after them.
_LAPSING_WORKERS = f"""SELECT l.worker_id FROM ledger_due l
    WHERE l.regency_id = %(regency)s AND NOT l.cancelled AND l.month BETWEEN %(lapse_first)s AND %(overdue)s
    GROUP BY l.worker_id
    HAVING COUNT(DISTINCT l.month) = {LAPSE_MONTHS} AND SUM(l.paid_amount) = 0
       AND NOT EXISTS (SELECT 1 FROM ledger_due later WHERE later.worker_id = l.worker_id
                       AND later.month > %(overdue)s AND NOT later.cancelled AND later.paid_amount >= later.amount)"""


@dataclass(frozen=True)
class CoverageMoves:
    protected: list[int]
    in_arrears: list[int]
    lapsed: list[int]
    uncovered: list[int]


@transaction.atomic
def coverage_sync(
    *, regency_id: str | None = None, on: date | None = None, only_sql: str = "", only_params: tuple[Any, ...] = ()
) -> CoverageMoves:
    """Bring the statuses of the regency's workers (or only those `only_sql`
    selects) in line with their protection on `on` (today); returns who moved.
    The newly lapsed, their sponsors and their district's operators are told."""
    regency_id = regency_id or instance_region_code()
    if not only_sql:
        # The whole regency, as the hourly run does: exclusively, like its dues
        # run, so a payment in flight commits first and is seen. (A payment's
        # own sync holds the lock shared already, through its allocation.)
        ledger_run_lock(regency_id=regency_id)
    on = on or timezone.localdate()
    overdue = last_overdue_month(on=on, regency_id=regency_id)
    params = coverage_params(regency_id=regency_id, month=YearMonth.of(on), on=on) | {
        "overdue": overdue.first_day,
        "lapse_first": (overdue - (LAPSE_MONTHS - 1)).first_day,
    }
    only = f" AND w.id IN ({only_sql})" if only_sql else ""
    # Named parameters cannot mix with `only_sql`'s positional ones: inline the
    # computed values as positional in the order each statement uses them.
    protected_sql, protected_params = _positional(_PROTECTED_WORKERS, params)

    def move(
        condition: str, condition_params: tuple[Any, ...], to: str, reason: str, from_statuses: tuple[str, ...]
    ) -> list[int]:
        sql = f"SELECT w.id FROM workers_worker w WHERE w.regency_id = %s{only} AND {condition}"
        return workers_set_status(
            actor=None, worker_ids_sql=sql, params=(regency_id, *only_params, *condition_params), to=to, on=on,
            reason=reason, from_statuses=from_statuses,
        )  # fmt: skip

    status = Worker.Status
    protected = move(
        f"w.id IN ({protected_sql})", protected_params, status.PROTECTED, COVERED_REASON,
        (status.VERIFIED, status.ARREARS, status.LAPSED),
    )  # fmt: skip
    uncovered_sql = f"w.id NOT IN ({protected_sql})"
    lapsing_sql, lapsing_params = _positional(_LAPSING_WORKERS, params)
    lapsed = move(
        f"{uncovered_sql} AND w.id IN ({lapsing_sql})", (*protected_params, *lapsing_params), status.LAPSED,
        LAPSED_REASON, (status.PROTECTED, status.ARREARS),
    )  # fmt: skip
    owing_sql, owing_params = _positional(_OWING_WORKERS, params)
    in_arrears = move(
        f"{uncovered_sql} AND w.id IN ({owing_sql})", (*protected_params, *owing_params), status.ARREARS,
        ARREARS_REASON, (status.PROTECTED, status.VERIFIED),
    )  # fmt: skip
    uncovered = move(
        f"{uncovered_sql} AND w.id NOT IN ({owing_sql})", (*protected_params, *owing_params), status.VERIFIED,
        UNCOVERED_REASON, (status.PROTECTED, status.ARREARS),
    )  # fmt: skip
    if lapsed:
        _tell_about_lapses(lapsed, overdue)
    return CoverageMoves(protected=protected, in_arrears=in_arrears, lapsed=lapsed, uncovered=uncovered)


def worker_ids_protected(*, regency_id: str | None = None, on: date | None = None) -> set[int]:
    """The regency's workers protected on `on` (today), by the one definition."""
    regency_id = regency_id or instance_region_code()
    on = on or timezone.localdate()
    sql, params = _positional(_PROTECTED_WORKERS, coverage_params(regency_id=regency_id, month=YearMonth.of(on), on=on))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def coverage_sync_for_sponsors(scope_sql: str, params: tuple[Any, ...] = ()) -> CoverageMoves:
    """`coverage_sync` for the workers whose dues the scoped sponsors owe
    (after their payments were allocated or reversed)."""
    return coverage_sync(only_sql=f"SELECT worker_id FROM ledger_due WHERE sponsor_id IN ({scope_sql})",
                         only_params=params)  # fmt: skip


def _positional(sql: str, params: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """`%(name)s` placeholders → `%s` with their values in order."""
    values: list[Any] = []

    def take(match: Any) -> str:
        values.append(params[match.group(1)])
        return "%s"

    return re.sub(r"%\((\w+)\)s", take, sql), tuple(values)


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
                "Iuran BPJS Ketenagakerjaan %(name)s belum dibayar %(n)s bulan berturut-turut sampai %(month)s "
                "(lewat jatuh tempo); kepesertaannya tidak aktif sampai iuran dilunasi."
            )
            % {"name": worker.name, "n": LAPSE_MONTHS, "month": month.label},
            url=reverse("workers:worker_detail", args=[worker.pk]),
        )
