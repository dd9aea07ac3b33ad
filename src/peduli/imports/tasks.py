"""Background work of imports: running an uploaded batch."""

from django_tasks import task

from peduli.imports.models import ImportBatch
from peduli.imports.services import import_batch_run


@task()
def import_batch_task(batch_id: int) -> None:
    import_batch_run(batch=ImportBatch.objects.get(pk=batch_id))
