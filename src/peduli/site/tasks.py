"""The worker's heartbeat: queued by the scheduler every minute, so a
heartbeat recorded means the worker is taking tasks off the queue."""

from django_tasks import task

from peduli.site.health import WORKER, heartbeat_record


@task()
def worker_heartbeat_task() -> None:
    heartbeat_record(WORKER)
