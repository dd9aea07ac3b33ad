"""The meaning of "protected" for a worker-month, as SQL both the worker's
status (`ledger.coverage`) and the figures (`reporting.snapshots`) use; the
definition is written in `ledger.coverage` and docs/architecture.md.

Both fragments take the named parameters `coverage_params` gives.
"""

from datetime import date
from typing import Any

from django.utils import timezone

from peduli.core.months import YearMonth
from peduli.ledger.calendar import premium_overdue

# Where a protected worker-month comes from when no sponsor pays: BPJS's
# member list shows the member paying (self-paying), or only BPJS's
# per-village counts do (counted, no names).
SELF_PAYING = "mandiri"
SELF_PAYING_COUNTED = "mandiri_agregat"

# A sponsorship covers the worker of due {d} in %(month)s: paid in full, or
# (c) not yet overdue after a paid month before.
SPONSORSHIP_COVERS = """(NOT {d}.cancelled AND {d}.month = %(month)s AND ({d}.paid_amount >= {d}.amount
    OR (%(carry)s AND EXISTS (
        SELECT 1 FROM ledger_due pp WHERE pp.worker_id = {d}.worker_id AND NOT pp.cancelled
          AND pp.paid_amount >= pp.amount AND pp.month = %(previous)s))))"""
# BPJS's member span {m} covers %(month)s, or (c) ran through the month before.
MEMBER_COVERS = """({m}.first_month <= %(month)s
    AND ({m}.last_month >= %(month)s OR (%(carry)s AND {m}.last_month = %(previous)s)))"""


def coverage_params(*, regency_id: str, month: YearMonth, on: date | None = None) -> dict[str, Any]:
    """The parameters of SPONSORSHIP_COVERS and MEMBER_COVERS for `month` as
    it stands on `on` (today): (c) holds only in the current month before its
    premium is overdue."""
    on = on or timezone.localdate()
    return {
        "regency": regency_id,
        "month": month.first_day,
        "previous": (month - 1).first_day,
        "carry": month == YearMonth.of(on) and not premium_overdue(month, on=on, regency_id=regency_id),
    }
