"""Background work of reporting: rebuilding the snapshots after data changed,
and the monthly-report reminders `peduli scheduler` enqueues every hour."""

from django_tasks import task

from peduli.regions.models import Region
from peduli.reporting.monthly_reports import monthly_reports_remind_due
from peduli.reporting.snapshots import snapshots_refresh_queued


@task()
def snapshots_refresh_task(regency_id: str) -> int | None:
    """Rebuild the regency's changed months; returns how many (0: nothing
    was left to do), or None when another refresh of the regency was running
    (which enqueues this task again if changes wait after it commits)."""
    return snapshots_refresh_queued(regency=Region.objects.get(pk=regency_id))


@task()
def monthly_report_reminders_task() -> dict[str, int]:
    """Remind the agencies late with last month's report (once a day, from a
    few days before the deadline); returns how many were reminded."""
    result = monthly_reports_remind_due()
    return {"agencies_reminded": len(result.reminded) if result else 0}
