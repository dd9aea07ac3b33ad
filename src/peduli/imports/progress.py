"""Progress of a running import, outside the database.

The import writes in one transaction, which other connections cannot see into
(and which holds SQLite's write lock), so progress goes to the cache: a file
cache by default, Redis when the operator configures it (CACHE_URL).
"""

import time
from dataclasses import asdict, dataclass

from django.core.cache import cache

# A running import beats at least this often; older silence means it died.
STALE_AFTER_SECONDS = 300


@dataclass
class Progress:
    stage: str = ""
    done: int = 0
    total: int = 0
    at: float = 0.0

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.done / self.total)) if self.total else 0

    @property
    def is_stale(self) -> bool:
        return time.time() - self.at > STALE_AFTER_SECONDS


def _key(batch_id: int) -> str:
    return f"peduli:import-progress:{batch_id}"


def progress_set(batch_id: int, *, stage: str, done: int, total: int) -> None:
    cache.set(_key(batch_id), asdict(Progress(stage, done, total, time.time())), timeout=86_400)


def progress_get(batch_id: int) -> Progress | None:
    value = cache.get(_key(batch_id))
    return Progress(**value) if value else None
