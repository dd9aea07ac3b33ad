"""Allocating sponsors' money to their dues, oldest month first, set-based.

For each sponsor, lay its unallocated money (payments in the order received)
and its open dues (oldest month first) end to end as two running totals; a
payment pays a due exactly where their stretches overlap. One statement
computes that for any number of sponsors, so a 100,000-row payment file is
allocated as fast as one payment. The caller holds the sponsors' rows locked
(`select_for_update`), so two allocations for one sponsor never interleave.

Payments that were reversed, and the reversals themselves, hold no money.
"""

from datetime import date
from typing import Any

from django.db import connection
from django.utils import timezone

from peduli.core.changes import snapshots_mark_stale
from peduli.core.months import YearMonth

SCOPE_TABLE = "ledger_allocation_scope"
NEW_TABLE = "ledger_allocation_new"
FUNDS_TABLE = "ledger_allocation_funds"
DUES_TABLE = "ledger_allocation_dues"


def _least_greatest() -> tuple[str, str]:
    return ("MIN", "MAX") if connection.vendor == "sqlite" else ("LEAST", "GREATEST")


ALLOCATABLE_PAYMENT = """p.reverses_id IS NULL
    AND NOT EXISTS (SELECT 1 FROM ledger_payment r WHERE r.reverses_id = p.id)"""


def allocate_sponsors(scope_sql: str, params: tuple[Any, ...] = ()) -> int:
    """Allocate the free money of the sponsors `scope_sql` selects (one column
    of sponsor ids) to their open dues; returns the rupiah allocated.

    The running totals go to indexed temporary tables before they are joined
    (as CTEs, SQLite scanned one for every row of the other); the allocation
    rows, the dues' paid amounts and the sponsors' credit are then written in
    three statements, the balances by grouped `UPDATE … FROM` (a correlated
    subquery per row was quadratic). One transaction: the caller's."""
    least, greatest = _least_greatest()
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SCOPE_TABLE}")
        cursor.execute(f"DROP TABLE IF EXISTS {NEW_TABLE}")
        cursor.execute(f"CREATE TEMPORARY TABLE {SCOPE_TABLE} (sponsor_id BIGINT PRIMARY KEY)")
        cursor.execute(f"INSERT INTO {SCOPE_TABLE} (sponsor_id) SELECT DISTINCT * FROM ({scope_sql}) ids", params)
        cursor.execute(
            f"CREATE TEMPORARY TABLE {NEW_TABLE} (payment_id BIGINT, due_id BIGINT, sponsor_id BIGINT, amount BIGINT)"
        )
        # The two running totals go to indexed temporary tables: joined as
        # CTEs, SQLite scans one for every row of the other (quadratic).
        cursor.execute(f"DROP TABLE IF EXISTS {FUNDS_TABLE}")
        cursor.execute(f"DROP TABLE IF EXISTS {DUES_TABLE}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {FUNDS_TABLE} (id BIGINT, sponsor_id BIGINT, available BIGINT, upto BIGINT)"
        )
        cursor.execute(
            f"CREATE TEMPORARY TABLE {DUES_TABLE} (id BIGINT, sponsor_id BIGINT, outstanding BIGINT, upto BIGINT)"
        )
        cursor.execute(f"""
            INSERT INTO {FUNDS_TABLE} (id, sponsor_id, available, upto)
            WITH funds AS (
                SELECT p.id, p.sponsor_id, p.received_on,
                       p.amount - COALESCE((SELECT SUM(a.amount) FROM ledger_allocation a
                                            WHERE a.payment_id = p.id), 0) AS available
                FROM ledger_payment p JOIN {SCOPE_TABLE} sc ON sc.sponsor_id = p.sponsor_id
                WHERE {ALLOCATABLE_PAYMENT}
            )
            SELECT id, sponsor_id, available,
                   SUM(available) OVER (PARTITION BY sponsor_id ORDER BY received_on, id
                                        ROWS UNBOUNDED PRECEDING)
            FROM funds WHERE available > 0
        """)
        cursor.execute(f"""
            INSERT INTO {DUES_TABLE} (id, sponsor_id, outstanding, upto)
            SELECT d.id, d.sponsor_id, d.amount - d.paid_amount,
                   SUM(d.amount - d.paid_amount) OVER (PARTITION BY d.sponsor_id ORDER BY d.month, d.id
                                                     ROWS UNBOUNDED PRECEDING)
            FROM ledger_due d JOIN {SCOPE_TABLE} sc ON sc.sponsor_id = d.sponsor_id
            WHERE d.cancelled = FALSE AND d.paid_amount < d.amount
        """)
        cursor.execute(f"CREATE INDEX {DUES_TABLE}_sponsor ON {DUES_TABLE} (sponsor_id)")
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {FUNDS_TABLE}")
            cursor.execute(f"ANALYZE {DUES_TABLE}")
        cursor.execute(f"""
            INSERT INTO {NEW_TABLE} (payment_id, due_id, sponsor_id, amount)
            SELECT f.id, d.id, f.sponsor_id,
                   {least}(f.upto, d.upto) - {greatest}(f.upto - f.available, d.upto - d.outstanding)
            FROM {FUNDS_TABLE} f JOIN {DUES_TABLE} d ON d.sponsor_id = f.sponsor_id
            WHERE f.upto - f.available < d.upto AND d.upto - d.outstanding < f.upto
        """)
        cursor.execute(
            f"INSERT INTO ledger_allocation (payment_id, due_id, amount, created_at) "
            f"SELECT payment_id, due_id, amount, %s FROM {NEW_TABLE}",
            [now],
        )
        cursor.execute(f"""
            UPDATE ledger_due SET paid_amount = paid_amount + n.amount
            FROM (SELECT due_id, SUM(amount) AS amount FROM {NEW_TABLE} GROUP BY due_id) n
            WHERE ledger_due.id = n.due_id
        """)
        cursor.execute(f"""
            UPDATE sponsorships_sponsor SET credit = credit - n.amount
            FROM (SELECT sponsor_id, SUM(amount) AS amount FROM {NEW_TABLE} GROUP BY sponsor_id) n
            WHERE sponsorships_sponsor.id = n.sponsor_id
        """)
        cursor.execute(
            f"""SELECT d.regency_id, MIN(d.month), SUM(n.amount) FROM {NEW_TABLE} n
                JOIN ledger_due d ON d.id = n.due_id GROUP BY d.regency_id"""
        )
        paid = cursor.fetchall()
        allocated = sum(int(amount) for _regency, _oldest, amount in paid)
        cursor.execute(f"DROP TABLE {SCOPE_TABLE}")
        cursor.execute(f"DROP TABLE {NEW_TABLE}")
        cursor.execute(f"DROP TABLE {FUNDS_TABLE}")
        cursor.execute(f"DROP TABLE {DUES_TABLE}")
    for regency_id, oldest, _amount in paid:
        snapshots_mark_stale(regency_id=regency_id, since=YearMonth.of(date.fromisoformat(str(oldest))))
    return allocated
