"""Services run in threads, each thread on its own connection with its own
committed transactions (PostgreSQL only: SQLite has one writer at a time).

Where an interleaving matters, one thread runs a service inside a transaction
it keeps open (as a request with ATOMIC_REQUESTS would), and the test waits
until PostgreSQL reports the other thread waiting for a lock before letting
the first commit: the interleaving is then certain, not left to chance. The
thread pool is the `pool` fixture of tests/conftest.py.
"""

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import connection, transaction

WAIT = 20  # seconds; a test that waits this long has deadlocked
T = TypeVar("T")


def own_connection(fn: Callable[[], T]) -> Callable[[], T]:
    """Run `fn` on the thread's own connection and close it afterwards, so the
    test database can be flushed."""

    def run() -> T:
        try:
            return fn()
        finally:
            connection.close()

    return run


def at_once(pool: ThreadPoolExecutor, *calls: Callable[[], Any]) -> list[Future[Any]]:
    """Start every call at the same moment (a barrier) and wait for all."""
    barrier = threading.Barrier(len(calls))

    def gated(fn: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            barrier.wait(timeout=WAIT)
            return fn()

        return own_connection(run)

    futures = [pool.submit(gated(call)) for call in calls]
    for future in futures:
        future.exception(timeout=WAIT)
    return futures


def lock_waiters() -> int:
    """How many sessions of this database wait for a lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(cursor.fetchone()[0])


@contextmanager
def held_open(pool: ThreadPoolExecutor, fn: Callable[[], T]) -> Iterator[Future[T]]:
    """Run `fn` on a thread of its own in a transaction kept open until the
    block ends (then it commits); the block starts once `fn` has returned."""
    done, release = threading.Event(), threading.Event()

    def hold() -> T:
        with transaction.atomic():
            result = fn()
            done.set()
            release.wait(timeout=WAIT)
        return result

    held = pool.submit(own_connection(hold))
    try:
        assert done.wait(timeout=WAIT), held.exception()
        yield held
    finally:
        release.set()


def until_done_or_waiting(running: Future[Any]) -> None:
    """Return once `running` has finished or some session waits for a lock
    (or WAIT has passed)."""
    deadline = time.monotonic() + WAIT
    while not running.done() and lock_waiters() == 0 and time.monotonic() < deadline:
        time.sleep(0.02)


def first_holds_while_second_runs(
    pool: ThreadPoolExecutor, first: Callable[[], Any], second: Callable[[], Any]
) -> tuple[Future[Any], Future[Any]]:
    """Run `first` in a transaction kept open until `second`, started after
    it, has either finished or waits for one of its locks; then commit `first`
    and let `second` go on."""
    with held_open(pool, first) as held:
        running = pool.submit(own_connection(second))
        until_done_or_waiting(running)
    held.exception(timeout=WAIT)
    running.exception(timeout=WAIT)
    return held, running


def waits_for(pool: ThreadPoolExecutor, held: Callable[[], Any], run: Callable[[], T]) -> tuple[bool, T]:
    """Whether `run` waited for a lock of `held`, whose transaction is kept
    open until `run` either finished or waits; then `run`'s result."""
    with held_open(pool, held) as holding:
        running = pool.submit(own_connection(run))
        until_done_or_waiting(running)
        waited = not running.done()
    holding.result(timeout=WAIT)
    return waited, running.result(timeout=WAIT)
