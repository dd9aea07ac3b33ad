"""The instance's health as a load balancer and an operator need it: the
database answers, the task worker and the scheduler are alive (each records
a heartbeat — the scheduler every minute, the worker when it runs the
heartbeat task the scheduler queues), and no task has waited too long.

Not healthy means HTTP 503 from `/sehat/`: with a dead worker imports,
figures, the ledger run and reminders all stop while pages still load."""

import time
from dataclasses import asdict, dataclass
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from peduli.core.models import Heartbeat

WORKER, SCHEDULER = "worker", "scheduler"
HOURLY = "scheduler_hourly"  # when the scheduler last queued its hourly tasks


def heartbeat_record(name: str) -> None:
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})


def heartbeat_older_than(name: str, *, seconds: int) -> bool:
    """Whether `name` last beat more than `seconds` ago (or never)."""
    beat = Heartbeat.objects.filter(name=name).values_list("beat_at", flat=True).first()
    return beat is None or (timezone.now() - beat).total_seconds() >= seconds


@dataclass(frozen=True)
class ProcessHealth:
    ok: bool
    last_seen: str | None  # ISO time of the last heartbeat, None if never
    seconds_ago: int | None


@dataclass(frozen=True)
class QueueHealth:
    ok: bool
    waiting: int | None  # None: the task backend keeps no queue here
    oldest_waiting_seconds: int | None


@dataclass(frozen=True)
class HealthReport:
    ok: bool
    database: bool
    database_ms: float | None
    worker: ProcessHealth
    scheduler: ProcessHealth
    queue: QueueHealth

    def as_json(self) -> dict[str, object]:
        return {"status": "ok" if self.ok else "gangguan", **asdict(self)}


def _process(beats: dict[str, datetime], name: str, now: datetime) -> ProcessHealth:
    seen = beats.get(name)
    if seen is None:
        return ProcessHealth(False, None, None)
    ago = int((now - seen).total_seconds())
    return ProcessHealth(ago <= settings.PEDULI_HEARTBEAT_STALE_SECONDS, seen.isoformat(), ago)


def _queue(now: datetime) -> QueueHealth:
    """Tasks waiting on the database queue, and how long the oldest has."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return QueueHealth(True, None, None)
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = int((now - oldest).total_seconds()) if oldest else 0
    return QueueHealth(age <= settings.PEDULI_QUEUE_WAIT_LIMIT_SECONDS, waiting.count(), age)


def health_report() -> HealthReport:
    now = timezone.now()
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        beats = dict(Heartbeat.objects.values_list("name", "beat_at"))
        queue = _queue(now)
    except DatabaseError:
        unknown = ProcessHealth(False, None, None)
        return HealthReport(False, False, None, unknown, unknown, QueueHealth(False, None, None))
    elapsed = round((time.perf_counter() - started) * 1000, 1)
    worker, scheduler = _process(beats, WORKER, now), _process(beats, SCHEDULER, now)
    return HealthReport(worker.ok and scheduler.ok and queue.ok, True, elapsed, worker, scheduler, queue)
