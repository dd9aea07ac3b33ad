"""Background work of the ledger: the monthly run, enqueued every hour by
`peduli scheduler` (or an hourly cron of `peduli scheduler --once`)."""

from django_tasks import task

from peduli.core.months import YearMonth
from peduli.ledger.coverage import coverage_sync
from peduli.ledger.services import dues_generate
from peduli.reporting.snapshots import snapshots_mark_calendar_turns


@task()
def ledger_month_task() -> dict[str, int]:
    """Create this month's dues (idempotent, so running it every hour only
    fills what is missing), then bring the workers' statuses in line with the
    calendar (a premium that became overdue today puts its worker in arrears;
    three overdue unpaid months lapse them, told once), and have this month's
    figures rebuilt when its premium's due date passed since their last
    refresh. Returns the counts for the task's result."""
    created = dues_generate(actor=None, month=YearMonth.current())
    moves = coverage_sync()
    snapshots_mark_calendar_turns()
    return {
        "dues_created": created,
        "workers_protected": len(moves.protected),
        "workers_in_arrears": len(moves.in_arrears),
        "workers_lapsed": len(moves.lapsed),
    }
