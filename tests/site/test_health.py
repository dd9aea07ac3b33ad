"""`/sehat/` tells a load balancer when work has stopped: 503 until the
worker and the scheduler have beaten, 200 once `peduli scheduler` has run
(the worker's heartbeat task with it), 503 again when either falls silent or
a task waits too long on the queue."""

from datetime import timedelta
from io import StringIO

import time_machine
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from peduli.core.models import Heartbeat
from peduli.regions.models import Region
from peduli.site.health import HOURLY
from peduli.site.tasks import worker_heartbeat_task


def _health(client: Client) -> tuple[int, dict[str, object]]:
    response = client.get("/sehat/")
    return response.status_code, response.json()


def test_nothing_has_beaten_yet_is_trouble(db: None, client: Client) -> None:
    status, body = _health(client)

    assert status == 503 and body["status"] == "gangguan"
    assert body["database"] is True
    assert body["worker"] == {"ok": False, "last_seen": None, "seconds_ago": None}


def test_healthy_once_the_scheduler_ran_and_the_worker_took_its_heartbeat(kendal: Region, client: Client) -> None:
    call_command("scheduler", "--once", stdout=StringIO())

    status, body = _health(client)
    assert status == 200 and body["status"] == "ok"
    assert body["worker"]["ok"] is True and body["scheduler"]["ok"] is True  # type: ignore[index]

    with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=False):
        status, body = _health(client)
    assert status == 503
    assert body["worker"]["seconds_ago"] == 360  # type: ignore[index]


def test_the_hourly_tasks_are_queued_once_an_hour_however_often_cron_runs_it(kendal: Region) -> None:
    first, second = StringIO(), StringIO()
    call_command("scheduler", "--once", stdout=first)
    hourly = Heartbeat.objects.get(name=HOURLY).beat_at
    with time_machine.travel(timezone.now() + timedelta(minutes=59), tick=False):
        call_command("scheduler", "--once", stdout=second)

    assert "tugas bulanan diantrekan" in first.getvalue()
    assert second.getvalue() == ""
    assert Heartbeat.objects.get(name=HOURLY).beat_at == hourly
    assert Heartbeat.objects.get(name="scheduler").beat_at > hourly


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}})
def test_a_task_waiting_too_long_is_trouble(db: None, client: Client) -> None:
    worker_heartbeat_task.enqueue()  # queued, with no worker to take it
    call_command("scheduler", "--once", stdout=StringIO())
    Heartbeat.objects.update_or_create(name="worker", defaults={"beat_at": timezone.now()})

    status, body = _health(client)
    assert status == 200 and body["queue"]["waiting"] >= 2  # type: ignore[index,operator]

    later = timezone.now() + timedelta(minutes=16)
    with time_machine.travel(later, tick=False):
        Heartbeat.objects.filter(name__in=["worker", "scheduler"]).update(beat_at=later)
        status, body = _health(client)
    assert status == 503
    assert body["queue"]["ok"] is False and body["queue"]["oldest_waiting_seconds"] >= 960  # type: ignore[index,operator]
