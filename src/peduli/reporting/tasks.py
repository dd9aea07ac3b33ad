"""Background work of reporting: rebuilding the snapshots after data changed."""

from django_tasks import task

from peduli.regions.models import Region
from peduli.reporting.snapshots import snapshots_refresh


@task()
def snapshots_refresh_task(regency_id: str) -> int:
    """Rebuild the regency's changed months; returns how many."""
    return snapshots_refresh(regency=Region.objects.get(pk=regency_id))
