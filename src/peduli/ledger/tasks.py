"""Background work of the ledger: the monthly run, enqueued every hour by
`peduli scheduler` (or an hourly cron of `peduli scheduler --once`)."""

from django_tasks import task

from peduli.core.months import YearMonth
from peduli.ledger.coverage import coverage_lapse
from peduli.ledger.services import dues_generate


@task()
def ledger_month_task() -> dict[str, int]:
    """Create this month's dues (idempotent, so running it every hour only
    fills what is missing), then lapse the workers whose last three months up
    to the previous one are unpaid (a worker already lapsed is not told twice).
    Returns the counts for the task's result."""
    month = YearMonth.current()
    created = dues_generate(actor=None, month=month)
    lapsed = coverage_lapse(month=month - 1)
    return {"dues_created": created, "workers_lapsed": len(lapsed)}
