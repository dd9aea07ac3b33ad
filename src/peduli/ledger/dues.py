"""Creating dues: one per sponsorship-month, in one INSERT … SELECT per month.

Idempotent by the unique (sponsorship, month) key: running a month again adds
only what is missing, so a sponsorship recorded late fills its back months.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.core.changes import snapshots_mark_stale_rows
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.ledger.models import RateSchedule


def rate_schedule_for(month: YearMonth) -> RateSchedule:
    """The schedule in force in `month`."""
    schedule = RateSchedule.objects.filter(effective_from__lte=month.first_day).order_by("-effective_from").first()
    if schedule is None:
        raise ApplicationError(
            _("Belum ada tarif iuran yang berlaku pada %(month)s.") % {"month": month.label}, code="no_rate"
        )
    return schedule


def dues_insert(
    *, month: YearMonth, sponsorship_ids: Sequence[int] | None = None, sponsor_regency_id: str | None = None
) -> int:
    """Insert the missing dues of `month` for every sponsorship running in it
    (or only those listed, or only those of the regency's sponsors: the
    partition the ledger lock of the regency guards); returns how many were
    created. The premium follows the rate schedule of that month."""
    rate = rate_schedule_for(month)
    only = ""
    created_at = timezone.now()
    premium, premium_params = rate.premium_sql(income="s.declared_income", programme="s.programme")
    params: list[Any] = [month.first_day, *premium_params, created_at, month.first_day, month.first_day]
    if sponsorship_ids is not None:
        if not sponsorship_ids:
            return 0
        only = f"AND s.id IN ({', '.join(['%s'] * len(sponsorship_ids))})"
        params.extend(sponsorship_ids)
    if sponsor_regency_id is not None:
        only += " AND s.sponsor_id IN (SELECT id FROM sponsorships_sponsor WHERE regency_id = %s)"
        params.append(sponsor_regency_id)
    # The conflict target is the idempotency key only: a clash on the
    # one-due-per-worker-month index would mean a broken no-overlap rule and
    # must fail, not be skipped (and arbitrating every index costs ~30%).
    sql = f"""
        INSERT INTO ledger_due
            (sponsorship_id, sponsor_id, worker_id, regency_id, month, amount, paid_amount, cancelled, created_at)
        SELECT s.id, s.sponsor_id, s.worker_id, s.regency_id, %s, {premium}, 0, FALSE, %s
        FROM sponsorships_sponsorship s
        WHERE s.start_month <= %s AND (s.end_month IS NULL OR s.end_month >= %s) {only}
        ON CONFLICT (sponsorship_id, month) DO NOTHING
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        created = max(cursor.rowcount, 0)
    if created:
        snapshots_mark_stale_rows(
            "SELECT regency_id, MIN(month) FROM ledger_due WHERE month = %s AND created_at = %s GROUP BY regency_id",
            [month.first_day, created_at],
        )
    return created
