"""Background work of reporting: rebuilding the snapshots after data changed,
and what `peduli scheduler` enqueues every hour: the calendar's turns of the
figures and the monthly-report reminders."""

from django_tasks import task

from peduli.ledger.locks import regencies_to_run
from peduli.regions.models import Region
from peduli.reporting.coverage.snapshots import snapshots_mark_calendar_turns, snapshots_refresh_queued
from peduli.reporting.monthly_reports.services import monthly_reports_remind_due


@task()
def snapshots_refresh_task(regency_id: str) -> int | None:
    """Rebuild the regency's changed months; returns how many (0: nothing
    was left to do), or None when another refresh of the regency was running
    (which enqueues this task again if changes wait after it commits)."""
    return snapshots_refresh_queued(regency=Region.objects.get(pk=regency_id))


@task()
def snapshots_calendar_task() -> dict[str, int]:
    """Have this month's figures rebuilt in each regency where a new month
    began or its premium's due date passed since their last refresh; returns
    how many regencies were marked."""
    marked = [snapshots_mark_calendar_turns(regency_id=regency_id) for regency_id in regencies_to_run()]
    return {"regencies_marked": sum(marked)}


@task()
def monthly_report_reminders_task() -> dict[str, int]:
    """Remind the agencies late with last month's report (once a day, from a
    few days before the deadline); returns how many were reminded."""
    result = monthly_reports_remind_due()
    return {"agencies_reminded": len(result.reminded) if result else 0}
