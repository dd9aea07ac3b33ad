"""The monthly snapshot tables behind every indicator.

Services that change what the indicators count call
`core.changes.snapshots_mark_stale` with the regency and earliest month they
touched; `snapshots_refresh` (a background task enqueued after each marking
commit by `snapshots_refresh_enqueue`, and `peduli report` before it reads)
rebuilds those months set-based: per month three DELETEs and three INSERT …
SELECTs (the facts, their per-district summary, the civil servants), the same
SQL on both databases. A refresh holds its regency's lock, so refreshes of
one regency run one after another however many task workers there are;
reading the figures never writes.

Who is protected in a month is the one definition of `ledger.coverage`
(SQL in `ledger.protection`): every worker a sponsorship covers (funding
source = the sponsor's kind), plus every member BPJS reported active whom no
sponsorship covers (`mandiri`), plus BPJS's per-village counts
(`mandiri_agregat`). A person is counted once. The current month, before its
premium's due date, counts those paid through the month before; the hourly
ledger task has it rebuilt when that date passes
(`snapshots_mark_calendar_turns`).
"""

from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from peduli.bpjs.models import Member, MemberCount
from peduli.core.changes import snapshots_mark_stale
from peduli.core.locks import regency_lock
from peduli.core.models import SnapshotChange
from peduli.core.months import YearMonth, month_range
from peduli.ledger.calendar import premium_due_date
from peduli.ledger.models import Due
from peduli.ledger.protection import MEMBER_COVERS, SPONSORSHIP_COVERS, coverage_params
from peduli.regions.models import Region
from peduli.regions.selectors import instance_region_code
from peduli.reporting.models import CivilServantFact, CoverageFact, CoverageSummary, SnapshotState

# The lock every refresh of a regency holds (`peduli.core.locks`).
SNAPSHOT_LOCK = "snapshots"

_COVERAGE_SQL = f"""
INSERT INTO reporting_coveragefact
    (regency_id, month, village_id, agency_id, source,
     protected, new, lapsed, ended, dues_amount, paid_amount, remitted_amount)
SELECT %(regency)s, %(month)s, village_id, agency_id, source,
       SUM(protected), SUM(new), SUM(lapsed), SUM(ended), SUM(dues), SUM(paid), SUM(remitted)
FROM (
    -- Workers a Peduli sponsorship covers.
    SELECT w.village_id, s.agency_id, s.kind AS source, 1 AS protected,
           CASE WHEN EXISTS (
                    SELECT 1 FROM ledger_due p
                    WHERE p.worker_id = d.worker_id AND NOT p.cancelled
                      AND p.paid_amount >= p.amount AND p.month = %(previous)s)
                  OR EXISTS (
                    SELECT 1 FROM bpjs_member m
                    WHERE m.nik = w.nik AND m.first_month <= %(previous)s AND m.last_month >= %(previous)s)
                THEN 0 ELSE 1 END AS new,
           0 AS lapsed, 0 AS ended, 0 AS dues, 0 AS paid, 0 AS remitted
    FROM ledger_due d
    JOIN workers_worker w ON w.id = d.worker_id
    JOIN sponsorships_sponsor s ON s.id = d.sponsor_id
    WHERE d.regency_id = %(regency)s AND {SPONSORSHIP_COVERS.format(d="d")}
    UNION ALL
    -- Members BPJS reports active whom no Peduli sponsorship covers.
    SELECT COALESCE(m.village_id, w.village_id), NULL, %(self_paying)s, 1,
           CASE WHEN m.first_month <= %(previous)s OR EXISTS (
                    SELECT 1 FROM workers_worker pw JOIN ledger_due p ON p.worker_id = pw.id
                    WHERE pw.nik = m.nik AND NOT p.cancelled AND p.paid_amount >= p.amount
                      AND p.month = %(previous)s)
                THEN 0 ELSE 1 END,
           0, 0, 0, 0, 0
    FROM bpjs_member m
    LEFT JOIN workers_worker w ON w.id = m.worker_id
    WHERE m.regency_id = %(regency)s AND {MEMBER_COVERS.format(m="m")}
      AND NOT EXISTS (
        SELECT 1 FROM workers_worker cw JOIN ledger_due c ON c.worker_id = cw.id
        WHERE cw.nik = m.nik AND {SPONSORSHIP_COVERS.format(d="c")})
    UNION ALL
    -- Members BPJS shares only as per-village counts.
    SELECT mc.village_id, NULL, %(self_paying_counted)s, mc.count, 0, 0, 0, 0, 0, 0
    FROM bpjs_membercount mc
    WHERE mc.regency_id = %(regency)s AND mc.month = %(month)s
    UNION ALL
    -- The month's money: dues, what is paid of them, what went on to BPJS.
    SELECT w.village_id, s.agency_id, s.kind, 0, 0, 0, 0, d.amount, d.paid_amount,
           CASE WHEN r.status = 'confirmed' THEN d.amount ELSE 0 END
    FROM ledger_due d
    JOIN workers_worker w ON w.id = d.worker_id
    JOIN sponsorships_sponsor s ON s.id = d.sponsor_id
    LEFT JOIN ledger_remittance r ON r.id = d.remittance_id
    WHERE d.regency_id = %(regency)s AND d.month = %(month)s AND NOT d.cancelled
    UNION ALL
    -- Workers who lapsed or whose protection ended in the month.
    SELECT w.village_id, NULL, '', 0, 0,
           CASE WHEN sc.to_status = 'lapsed' THEN 1 ELSE 0 END,
           CASE WHEN sc.to_status = 'ended' THEN 1 ELSE 0 END, 0, 0, 0
    FROM workers_statuschange sc
    JOIN workers_worker w ON w.id = sc.worker_id
    WHERE w.regency_id = %(regency)s AND sc.to_status IN ('lapsed', 'ended')
      AND sc.effective_on >= %(month)s AND sc.effective_on < %(next)s
) AS facts
GROUP BY village_id, agency_id, source
"""

# The month's facts summed per district (the village's parent) and source.
_SUMMARY_SQL = """
INSERT INTO reporting_coveragesummary
    (regency_id, month, district_id, source,
     protected, new, lapsed, ended, dues_amount, paid_amount, remitted_amount)
SELECT f.regency_id, f.month, v.parent_id, f.source,
       SUM(f.protected), SUM(f.new), SUM(f.lapsed), SUM(f.ended),
       SUM(f.dues_amount), SUM(f.paid_amount), SUM(f.remitted_amount)
FROM reporting_coveragefact f
LEFT JOIN regions_region v ON v.code = f.village_id
WHERE f.regency_id = %(regency)s AND f.month = %(month)s
GROUP BY f.regency_id, f.month, v.parent_id, f.source
"""

_CIVIL_SERVANT_SQL = f"""
INSERT INTO reporting_civilservantfact
    (regency_id, month, agency_id, civil_servants, sponsoring, workers_covered)
SELECT %(regency)s, %(month)s, agency_id, SUM(civil_servants), SUM(sponsoring), SUM(workers_covered)
FROM (
    SELECT c.agency_id, COUNT(*) AS civil_servants, 0 AS sponsoring, 0 AS workers_covered
    FROM agencies_civilservant c
    WHERE c.regency_id = %(regency)s AND c.service_start <= %(month)s
      AND (c.service_end IS NULL OR c.service_end > %(month)s)
    GROUP BY c.agency_id
    UNION ALL
    SELECT s.agency_id, 0, COUNT(DISTINCT s.civil_servant_id), COUNT(DISTINCT d.worker_id)
    FROM ledger_due d
    JOIN sponsorships_sponsor s ON s.id = d.sponsor_id
    WHERE d.regency_id = %(regency)s AND s.kind = 'asn' AND s.agency_id IS NOT NULL
      AND {SPONSORSHIP_COVERS.format(d="d")}
    GROUP BY s.agency_id
) AS facts
GROUP BY agency_id
"""


def snapshots_mark_calendar_turns(*, regency_id: str | None = None) -> bool:
    """Mark this month stale when the calendar changed what its figures count
    since they were last rebuilt: a new month began, or its premium's due date
    passed (those paid only through last month stop counting). Returns
    whether it marked; the hourly ledger task calls it."""
    regency_id = regency_id or instance_region_code()
    today = timezone.localdate()
    month = YearMonth.current()
    due = premium_due_date(month, regency_id=regency_id)
    turned_on = due + timedelta(days=1) if today > due else month.first_day
    refreshed_at = SnapshotState.objects.filter(regency_id=regency_id).values_list("refreshed_at", flat=True).first()
    if refreshed_at is not None and timezone.localdate(refreshed_at) >= turned_on:
        return False
    snapshots_mark_stale(regency_id=regency_id, since=month)
    return True


def snapshots_refresh_enqueue(regency_id: str) -> None:
    """Listens to the change feed (`core.changes`): a marked regency's
    refresh is enqueued after the marking commit, so it (or the refresh it
    finds running, see `snapshots_refresh_queued`) sees the mark. It is cheap
    when there is nothing to do: it returns at once when another refresh of
    the regency is running, and rebuilds nothing when the marks were
    consumed meanwhile."""
    # Imported here: the task module imports this one.
    from peduli.reporting.coverage.tasks import snapshots_refresh_task

    snapshots_refresh_task.enqueue(regency_id)


def snapshots_refreshed_at(regency: Region) -> datetime | None:
    """When the regency's snapshots were last rebuilt (None: never). A pure
    read: only the refresh writes the state."""
    return SnapshotState.objects.filter(regency=regency).values_list("refreshed_at", flat=True).first()


def snapshots_are_fresh(regency: Region) -> bool:
    """Whether the snapshots were built and no change waits to be counted."""
    return snapshots_refreshed_at(regency) is not None and not SnapshotChange.objects.filter(regency=regency).exists()


def data_months(regency: Region) -> tuple[YearMonth, YearMonth]:
    """The first and last month the regency has anything to count in: dues,
    BPJS member spans or counts, and always the current month (civil servants
    are counted before anyone pays)."""
    dues = Due.objects.filter(regency=regency).aggregate(first=Min("month"), last=Max("month"))
    members = Member.objects.filter(regency=regency).aggregate(first=Min("first_month"), last=Max("last_month"))
    counts = MemberCount.objects.filter(regency=regency).aggregate(first=Min("month"), last=Max("month"))
    now = YearMonth.current()
    firsts = [YearMonth.of(d) for d in (dues["first"], members["first"], counts["first"]) if d]
    lasts = [YearMonth.of(d) for d in (dues["last"], members["last"], counts["last"]) if d]
    return min([*firsts, now]), max([*lasts, now])


def snapshots_refresh(*, regency: Region, force: bool = False) -> int:
    """Rebuild the regency's months that changed since the last refresh (all
    of them the first time or with `force`); returns how many months were
    rebuilt. Waits for a refresh of the regency running elsewhere, then reads
    the marks it left. Changes committed while it runs are refreshed by the
    task afterwards."""
    rebuilt = _refresh(regency, force=force, wait=True)
    assert rebuilt is not None  # waiting, it always gets the lock
    return rebuilt


def snapshots_refresh_queued(*, regency: Region) -> int | None:
    """The background task's refresh: as `snapshots_refresh`, but returns
    None at once when another refresh of the regency holds the lock instead
    of waiting for it (a task worker waiting is a worker lost to the queue).
    Nothing is lost: the marks that task came for were committed before it
    started, so the running refresh finds them when it looks again after its
    commit, and enqueues the task again."""
    return _refresh(regency, force=False, wait=False)


def _refresh(regency: Region, *, force: bool, wait: bool) -> int | None:
    """One refresh under the regency's snapshot lock: two refreshes of a
    regency never interleave (each deletes and re-inserts whole months; side
    by side, both inserts survive and every fact counts twice), and the marks
    are read under the lock, so a refresh consumes exactly the marks that
    were committed before it began rebuilding."""
    with transaction.atomic():
        if not regency_lock(SNAPSHOT_LOCK, regency.pk, wait=wait):
            return None
        # A write before reading the marks: on SQLite it holds the database's
        # write lock from here on even without BEGIN IMMEDIATE; it also makes
        # the state row of a regency's first refresh.
        SnapshotState.objects.bulk_create([SnapshotState(regency=regency)], ignore_conflicts=True)
        refreshed_at = snapshots_refreshed_at(regency)
        changes = list(SnapshotChange.objects.filter(regency=regency).values_list("pk", "since"))
        if not changes and refreshed_at is not None and not force:
            return 0
        everything = force or refreshed_at is None or any(since is None for _pk, since in changes)
        first, last = data_months(regency)
        if not everything:
            first = max(first, YearMonth.of(min(since for _pk, since in changes if since)))
        months = month_range(first, last)
        if everything:
            CoverageFact.objects.filter(regency=regency).delete()
            CoverageSummary.objects.filter(regency=regency).delete()
            CivilServantFact.objects.filter(regency=regency).delete()
        for month in months:
            _month_refresh(regency.pk, month)
        SnapshotChange.objects.filter(pk__in=[pk for pk, _since in changes]).delete()
        SnapshotState.objects.filter(regency=regency).update(refreshed_at=timezone.now())
        transaction.on_commit(partial(_refresh_again_if_marked, regency.pk))
    return len(months)


def _refresh_again_if_marked(regency_id: str) -> None:
    """After a refresh commits: marks committed while it ran (whose own task
    may have found it running and returned) get a task of their own."""
    if SnapshotChange.objects.filter(regency_id=regency_id).exists():
        snapshots_refresh_enqueue(regency_id)


def _month_refresh(regency_id: str, month: YearMonth) -> None:
    params: dict[str, Any] = coverage_params(regency_id=regency_id, month=month) | {
        "next": (month + 1).first_day,
        "self_paying": CoverageFact.SELF_PAYING,
        "self_paying_counted": CoverageFact.SELF_PAYING_COUNTED,
    }
    with connection.cursor() as cursor:
        for table in ("reporting_coveragefact", "reporting_coveragesummary", "reporting_civilservantfact"):
            cursor.execute(f"DELETE FROM {table} WHERE regency_id = %(regency)s AND month = %(month)s", params)
        cursor.execute(_COVERAGE_SQL, params)
        cursor.execute(_SUMMARY_SQL, params)
        cursor.execute(_CIVIL_SERVANT_SQL, params)
