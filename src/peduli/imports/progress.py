"""Progress and heartbeat of a running import, outside the database.

The import writes in one transaction, which other connections cannot see into
(and which holds SQLite's write lock), so progress goes to the cache: a file
cache by default, Redis when the operator configures it (CACHE_URL).

Beside the progress, a thread of the running import beats every few seconds
(`heartbeat`), also while one long statement runs or the reader process
parses the file: a batch still "running" whose last sign of life is older
than PEDULI_IMPORT_STALE_AFTER has lost its worker (`batch_is_stale`).
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from peduli.imports.models import ImportBatch


@dataclass
class Progress:
    stage: str = ""
    done: int = 0
    total: int = 0
    at: float = 0.0

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.done / self.total)) if self.total else 0


def _key(batch_id: int) -> str:
    return f"peduli:import-progress:{batch_id}"


def _beat_key(batch_id: int) -> str:
    return f"peduli:import-beat:{batch_id}"


def stale_after_seconds() -> int:
    return int(settings.PEDULI_IMPORT_STALE_AFTER)


def progress_set(batch_id: int, *, stage: str, done: int, total: int) -> None:
    cache.set(_key(batch_id), asdict(Progress(stage, done, total, time.time())), timeout=86_400)


def progress_get(batch_id: int) -> Progress | None:
    value = cache.get(_key(batch_id))
    return Progress(**value) if value else None


def heartbeat_beat(batch_id: int) -> None:
    """Say that the run of `batch_id` is alive now."""
    cache.set(_beat_key(batch_id), time.time(), timeout=86_400)


def last_sign_of_life(batch_id: int) -> float | None:
    """When the run of `batch_id` last beat or moved on (a Unix time), or None."""
    signs = [cache.get(_beat_key(batch_id))]
    progress = progress_get(batch_id)
    if progress is not None:
        signs.append(progress.at)
    known = [float(sign) for sign in signs if sign]
    return max(known) if known else None


@contextmanager
def heartbeat(batch_id: int) -> Iterator[None]:
    """Beat for `batch_id` from a daemon thread while the block runs: ten
    beats in every stale period, so one late beat is no death."""
    every = max(1.0, stale_after_seconds() / 10)
    stop = threading.Event()

    def beat() -> None:
        while True:
            heartbeat_beat(batch_id)
            if stop.wait(every):
                return

    heartbeat_beat(batch_id)
    thread = threading.Thread(target=beat, name=f"import-heartbeat-{batch_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def batch_is_stale(batch: ImportBatch) -> bool:
    """Whether `batch` says it is running but its run has been silent longer
    than PEDULI_IMPORT_STALE_AFTER (its worker died). A batch with no sign
    of life at all is judged by its upload time."""
    if batch.status != ImportBatch.Status.RUNNING:
        return False
    seen = last_sign_of_life(batch.pk)
    limit = stale_after_seconds()
    if seen is None:
        return bool(batch.created_at < timezone.now() - timedelta(seconds=limit))
    return time.time() - seen > limit
