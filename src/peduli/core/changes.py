"""The change feed of the figures.

A service that writes rows the figures count (workers, sponsorships, dues,
payments, remittances, BPJS members, the roster, baselines) calls
`snapshots_mark_stale` with the regency and the earliest month of the rows
it touched — both required, so no writer can leave a regency's figures
stale by saying nothing. The mark is a row (`core.models.SnapshotChange`);
once the writing transaction commits, every listener hears of the regency
(reporting listens, and enqueues its snapshot refresh), so the feed sits on
the ground floor and the writers need not know who reads it.
"""

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from typing import Any

from django.db import connection, transaction

from peduli.core.models import SnapshotChange
from peduli.core.months import YearMonth

Listener = Callable[[str], None]
_listeners: list[Listener] = []


def snapshots_listen(listener: Listener) -> None:
    """Have `listener(regency_id)` called after each transaction that marked
    the regency (an app registers once, from its AppConfig.ready)."""
    if listener not in _listeners:
        _listeners.append(listener)


def snapshots_mark_stale(*, regency_id: str, since: YearMonth | None) -> None:
    """Record that the regency's data of `since` and later months changed
    (every month when `since` is None).

    Every marking transaction tells the listeners after its commit, once per
    regency however many marks it appends — not only while no mark is
    pending: a pending mark does not mean a refresh will still read it (the
    refresh running now may have read the marks before this one committed,
    and deletes only those it read)."""
    SnapshotChange.objects.create(regency_id=regency_id, since=since.first_day if since else None)
    pending = transaction.get_connection().run_on_commit
    for listener in _listeners:
        callback = partial(listener, regency_id)
        # A callback of a savepoint rolled back leaves the list, so a retried
        # mark registers anew.
        if not any(_same_callback(registered, callback) for _savepoints, registered, *_robust in pending):
            transaction.on_commit(callback)


def snapshots_mark_stale_rows(sql: str, params: Sequence[Any]) -> None:
    """Mark each regency a query finds, from the earliest month it finds
    there: `sql` selects (regency_id, month) pairs of the rows just written,
    e.g. `SELECT regency_id, MIN(month) FROM ledger_due WHERE … GROUP BY
    regency_id`."""
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        found = cursor.fetchall()
    for regency_id, month in found:
        since = YearMonth.of(month if isinstance(month, date) else date.fromisoformat(str(month))) if month else None
        snapshots_mark_stale(regency_id=regency_id, since=since)


def _same_callback(registered: Any, callback: partial[None]) -> bool:
    return isinstance(registered, partial) and (registered.func, registered.args) == (callback.func, callback.args)
