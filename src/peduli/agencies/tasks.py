"""Background work of the roster: the import of a BKPSDM file."""

from django_tasks import task

from peduli.agencies.models import RosterImport
from peduli.agencies.roster_import import roster_import_run


@task()
def roster_import_task(roster_import_id: int) -> None:
    roster_import_run(roster_import=RosterImport.objects.get(pk=roster_import_id))
