"""The public figures of Kendal, as `peduli report` computes them from the
loaded demo (issue 5's acceptance), and the overlap of Peduli's and BPJS's
lists counted once (issue 6)."""

import json
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.db.models import F

from peduli.bpjs.models import Member
from peduli.ledger.models import Due


def report(month: str, *extra: str) -> dict[str, Any]:
    output = StringIO()
    call_command("report", "--month", month, "--format", "json", *extra, stdout=output)
    document: dict[str, Any] = json.loads(output.getvalue())
    return document


def test_june_2025_reports_the_published_figures_computed_not_copied(demo: str, db: None) -> None:
    june = report("2025-06")

    assert june["month"] == "2025-06" and june["scope"] == "regency"
    assert june["civil_servants_total"] == 10_292
    assert june["workers_covered_by_civil_servants"] == 728
    assert june["civil_servant_participation_pct"] == 7.07
    assert june["informal_workers"] == 338_681
    assert june["workers_protected"] == 14_177
    assert june["coverage_pct"] == 4.19
    assert (june["target_2029_pct"], june["target_2045_pct"]) == (51.64, 64.74)
    assert june["workers_needed_per_month_2029"] > 0
    assert sum(s["workers_protected"] for s in june["by_funding_source"]) == 14_177


def test_august_2025_reports_974_workers_from_573_civil_servants_of_22_of_38_agencies(demo: str, db: None) -> None:
    august = report("2025-08")

    assert august["civil_servants_total"] == 10_345
    assert august["workers_covered_by_civil_servants"] == 974
    # The press wrote "9,24 persen": 974 / 10,345 is 9.42%.
    assert august["civil_servant_participation_pct"] == 9.42
    assert august["civil_servants_sponsoring"] == 573
    assert (august["agencies_participating"], august["agencies_total"]) == (22, 38)


def test_september_2025_reports_1256_workers_from_25_agencies(demo: str, db: None) -> None:
    september = report("2025-09")

    assert september["civil_servants_total"] == 10_345
    assert september["workers_covered_by_civil_servants"] == 974 + 282 == 1_256
    assert (september["agencies_participating"], september["agencies_total"]) == (25, 38)


def test_workers_on_both_lists_count_once(demo: str, db: None) -> None:
    paid = Due.objects.filter(month="2025-06-01", cancelled=False, paid_amount__gte=F("amount"))
    on_both = Member.objects.filter(worker__dues__in=paid).count()
    assert on_both > 500  # the overlap is real
    sponsored = paid.values("worker").distinct().count()
    listed = Member.objects.filter(first_month__lte="2025-06-01", last_month__gte="2025-06-01").count()
    assert report("2025-06")["workers_protected"] == sponsored + listed - on_both
