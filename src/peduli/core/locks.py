"""Locks that serialise work per regency across processes and task workers.

On PostgreSQL these are transaction-level advisory locks: taken inside a
transaction, released when it ends (commit or rollback), so a crashed worker
never leaves one behind. The key is a 64-bit hash of a namespace (what is
being serialised: "snapshots", "ledger-run") and the regency code, so each
kind of work of each regency has its own lock; `pg_locks` shows it as
`classid` (high half) and `objid` (low half) of `regency_lock_key`.

On SQLite there is nothing to take: the database has one writer at a time,
and this project's SQLite transactions begin IMMEDIATE (settings), so a
transaction already holds the write lock when these functions are called. A
caller that must not depend on that setting writes before it reads (as the
snapshot refresh does).
"""

import hashlib
from collections.abc import Iterable

from django.db import connection
from django.db.transaction import TransactionManagementError


def regency_lock_key(namespace: str, regency_id: str) -> int:
    """The advisory-lock key of `namespace` for the regency: stable across
    processes and releases (not Python's per-process `hash`)."""
    digest = hashlib.blake2b(f"{namespace}:{regency_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _require_transaction() -> None:
    # Outside a transaction an xact lock would be released by the very
    # statement that took it.
    if not connection.in_atomic_block:
        raise TransactionManagementError("A regency lock is held until the transaction ends; open one first.")


def regency_lock(namespace: str, regency_id: str, *, shared: bool = False, wait: bool = True) -> bool:
    """Hold the regency's lock of `namespace` until the current transaction
    ends: exclusive, or `shared` with other shared holders. With `wait=False`
    return False at once when another transaction holds it (nothing is then
    held); otherwise wait for it and return True. Re-entrant within one
    transaction. A no-op returning True on SQLite (see the module)."""
    _require_transaction()
    if connection.vendor != "postgresql":
        return True
    function = f"pg_{'' if wait else 'try_'}advisory_xact_lock{'_shared' if shared else ''}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [regency_lock_key(namespace, regency_id)])
        # pg_advisory_xact_lock returns void (None): it only returns once held.
        return wait or bool(cursor.fetchone()[0])


def regencies_lock(namespace: str, regency_ids: Iterable[str], *, shared: bool = False) -> None:
    """Hold the locks of `namespace` for several regencies, waiting for each.
    They are taken in one order (by regency code) wherever they are taken
    together, so two such callers cannot deadlock on them."""
    _require_transaction()
    for regency_id in sorted(set(regency_ids)):
        regency_lock(namespace, regency_id, shared=shared)
