"""`peduli serve`'s supervisor with real child processes: a task worker that
dies is started again after a pause that doubles while it keeps dying, and
the end of the web server stops everything."""

import io
import sys

from peduli.site.supervisor import FIRST_PAUSE, Child, Supervisor

DIES = [sys.executable, "-c", "import sys; sys.exit(3)"]
LIVES = [sys.executable, "-c", "import time; time.sleep(60)"]


class Clock:
    """The supervisor's clock, moved by the test (the pauses are seconds long)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _until_dead(child: Child) -> None:
    assert child.process is not None
    child.process.wait(timeout=30)


def test_a_dying_worker_is_started_again_after_doubling_pauses() -> None:
    clock, log = Clock(), io.StringIO()
    web, worker = Child("server web", LIVES, essential=True), Child("pekerja tugas", DIES)
    supervisor = Supervisor([web, worker], log=log, clock=clock)
    supervisor.start()
    try:
        pauses = []
        for _round in range(3):
            _until_dead(worker)
            assert supervisor.poll()
            assert worker.process is None and worker.start_at is not None
            pauses.append(worker.start_at - clock.now)
            clock.now = worker.start_at - 0.01
            assert supervisor.poll() and worker.process is None  # not before its time
            clock.now = worker.start_at
            assert supervisor.poll() and worker.process is not None
        assert pauses == [FIRST_PAUSE, 2 * FIRST_PAUSE, 4 * FIRST_PAUSE]
        assert worker.restarts == 3 and worker.exits == [3, 3, 3]
        assert web.process is not None and web.process.poll() is None  # the web server ran on
        assert "pekerja tugas mati (kode 3); dijalankan lagi dalam 1 detik." in log.getvalue()
    finally:
        supervisor.stop()


def test_a_worker_that_ran_steadily_starts_again_after_the_first_pause() -> None:
    clock = Clock()
    worker = Child("pekerja tugas", DIES, pause=8 * FIRST_PAUSE)
    supervisor = Supervisor([worker], log=io.StringIO(), clock=clock)
    supervisor.start()
    try:
        clock.now = 61.0  # it ran a minute before it died
        _until_dead(worker)
        supervisor.poll()
        assert worker.start_at == 61.0 + FIRST_PAUSE
    finally:
        supervisor.stop()


def test_when_the_web_server_ends_everything_stops() -> None:
    web, worker = Child("server web", DIES, essential=True), Child("pekerja tugas", LIVES)
    supervisor = Supervisor([web, worker], log=io.StringIO(), clock=Clock())
    supervisor.start()
    running = worker.process
    _until_dead(web)

    assert supervisor.poll() is False
    supervisor.stop()
    assert running is not None and running.poll() is not None
