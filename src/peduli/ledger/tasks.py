"""Background work of the ledger: the monthly run, enqueued every hour by
`peduli scheduler` (or an hourly cron of `peduli scheduler --once`)."""

from django_tasks import task

from peduli.core.months import YearMonth
from peduli.ledger.coverage import coverage_sync
from peduli.ledger.locks import regencies_to_run
from peduli.ledger.services import dues_generate


@task()
def ledger_month_task() -> dict[str, int]:
    """Create this month's dues (idempotent, so running it every hour only
    fills what is missing), then bring the workers' statuses in line with the
    calendar (a premium that became overdue today puts its worker in arrears;
    three overdue unpaid months lapse them, told once). Returns the counts
    for the task's result. (The figures' own turn of the calendar is
    reporting's `snapshots_calendar_task`.)"""
    created = dues_generate(actor=None, month=YearMonth.current())
    counts = {"dues_created": created, "workers_protected": 0, "workers_in_arrears": 0, "workers_lapsed": 0}
    # Regency by regency, each under its own lock (a regency's run never holds up another's).
    for regency_id in regencies_to_run():
        moves = coverage_sync(regency_id=regency_id)
        counts["workers_protected"] += len(moves.protected)
        counts["workers_in_arrears"] += len(moves.in_arrears)
        counts["workers_lapsed"] += len(moves.lapsed)
    return counts
