"""Background work of imports: running an uploaded batch, and failing the
batches whose worker died (the scheduler enqueues that every hour)."""

from django_tasks import task

from peduli.imports.models import ImportBatch
from peduli.imports.services import import_batch_run, import_batches_fail_stale


@task()
def import_batch_task(batch_id: int) -> None:
    import_batch_run(batch=ImportBatch.objects.get(pk=batch_id))


@task()
def import_batches_fail_stale_task() -> int:
    return import_batches_fail_stale()
