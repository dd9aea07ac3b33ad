"""Benchmark of the regency dashboard and the monthly report at national size.

    .venv/bin/python bench/dashboard.py [--workers 5000000] [--sponsorships 1000000] [--months 36]
                                        [--requests 21] [--keep]

Builds, set-based and bypassing the services (setup only), in the
`peduli_bench_dashboard` PostgreSQL database: the workers, 500,000 civil
servants in 38 agencies, 400,000 of them sponsoring and 1,000 organisations,
the sponsorships, `--months` months of dues (about 1 in 13 unpaid) and
300,000 BPJS members (a third of them also sponsored). Everything is put in
one regency — the worst case for that regency's dashboard. Then it times:

1. `snapshots_refresh(force=True)`: rebuilding every month's snapshot (the
   background work a change triggers; a change usually touches one month).
2. The regency dashboard page and GET /api/v1/reports/monthly, each as a
   logged-in labour-office user through Django's test client (the full
   request: middleware, session, selectors, templates): median and 95th
   percentile of `--requests` warm requests. Bound: ≤ 200 ms each.

`--keep` reuses a database built by an earlier run (skips the build; new
migrations are applied).
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, datetime
from typing import Any

from ledger import padded, series_insert, workers_insert
from scratch import REGENCY, peak_memory_mb, peduli, scratch_database_create, setup_django

PG_DATABASE = "peduli_bench_dashboard"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
CIVIL_SERVANTS = 500_000
ASN_SPONSORS = 400_000
ORGANISATIONS = 1_000
ORGANISATION_KINDS = ("csr", "bumd", "dbhcht", "apbd", "dana_desa")
MEMBERS = 300_000
AGENCIES = 38


def _step(label: str, started: float) -> float:
    now = time.perf_counter()
    print(f"  {label}: {now - started:.1f} s", file=sys.stderr, flush=True)
    return now


def populate(workers: int, sponsorships: int, months: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from peduli.agencies.models import Agency
    from peduli.core.months import YearMonth
    from peduli.regions.models import Region
    from peduli.reporting.models import InformalWorkerBaseline

    regency = Region.objects.get(code=REGENCY)
    now = timezone.now()
    first_month = YearMonth.current() - (months - 1)
    step = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        Agency.objects.bulk_create(
            Agency(code=f"OPD{n:02d}", name=f"Perangkat Daerah {n}", kind="dinas", regency=regency,
                   valid_from=date(2020, 1, 1))
            for n in range(1, AGENCIES + 1)
        )  # fmt: skip
        first_agency = Agency.objects.order_by("pk").values_list("pk", flat=True).first()
        workers_insert(workers)
        step = _step(f"{workers:,} workers", step)
        series_insert(
            "agencies_civilservant",
            "id, nip, name, sex, birth_date, employment_type, regency_id, agency_id, unit, rank, position, phone, "
            "service_start, end_reason",
            f"i, '19800101' || {padded('i', 10)}, 'Pegawai ' || i, 'L', %s, 'PNS', %s, "
            f"%s + i %% {AGENCIES}, '', '', '', '', %s, ''",
            CIVIL_SERVANTS,
            [date(1980, 1, 1), REGENCY, first_agency, date(2005, 1, 1)],
        )
        series_insert(
            "sponsorships_sponsor",
            "id, code, kind, name, regency_id, civil_servant_id, agency_id, contact_name, phone, email, address, "
            "credit, created_at",
            f"i, '19800101' || {padded('i', 10)}, 'asn', 'Pegawai ' || i, %s, i, %s + i %% {AGENCIES}, "
            "'', '', '', '', 0, %s",
            ASN_SPONSORS,
            [REGENCY, first_agency, now],
        )
        kinds = "ARRAY[" + ", ".join(f"'{kind}'" for kind in ORGANISATION_KINDS) + "]"
        series_insert(
            "sponsorships_sponsor",
            "id, code, kind, name, regency_id, contact_name, phone, email, address, credit, created_at",
            f"{ASN_SPONSORS} + i, 'ORG' || {padded('i', 5)}, ({kinds})[1 + i %% {len(ORGANISATION_KINDS)}], "
            "'Lembaga ' || i, %s, '', '', '', '', 0, %s",
            ORGANISATIONS,
            [REGENCY, now],
        )
        # 70% of sponsorships by civil servants, the rest by organisations;
        # every fifth worker is sponsored.
        series_insert(
            "sponsorships_sponsorship",
            "id, sponsor_id, worker_id, regency_id, start_month, programme, declared_income, end_reason, end_note, "
            "created_at",
            f"i, CASE WHEN i <= {sponsorships * 7 // 10} THEN 1 + (i - 1) %% {ASN_SPONSORS} "
            f"ELSE {ASN_SPONSORS} + 1 + (i - 1) %% {ORGANISATIONS} END, "
            f"1 + ((i - 1) * 5) %% {workers}, %s, %s, 'jkk_jkm', 1000000, '', '', %s",
            sponsorships,
            [REGENCY, first_month.first_day, now],
        )
        for table in ("workers_worker", "agencies_civilservant", "sponsorships_sponsor", "sponsorships_sponsorship"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
        step = _step("civil servants, sponsors, sponsorships", step)
        cursor.execute(
            "INSERT INTO ledger_due (sponsorship_id, sponsor_id, worker_id, regency_id, month, amount, paid_amount, "
            "cancelled, created_at) "
            "SELECT s.id, s.sponsor_id, s.worker_id, s.regency_id, (%s::date + make_interval(months => m))::date, "
            "16800, CASE WHEN (s.id + m) %% 13 = 0 THEN 0 ELSE 16800 END, FALSE, %s "
            "FROM sponsorships_sponsorship s CROSS JOIN generate_series(0, %s) AS m",
            [first_month.first_day, now, months - 1],
        )
        step = _step(f"{cursor.rowcount:,} dues", step)
        # BPJS's members: a third are sponsored workers, the rest self-paying.
        cursor.execute(
            "INSERT INTO bpjs_member (regency_id, nik, kpj, name, village_id, worker_id, first_month, last_month, "
            "updated_at) "
            "SELECT %s, w.nik, '', '', w.village_id, w.id, %s, %s, %s FROM workers_worker w "
            "WHERE w.id %% 5 = 1 AND w.id <= %s",
            [REGENCY, first_month.first_day, YearMonth.current().first_day, now, MEMBERS // 3 * 5],
        )
        cursor.execute(
            "INSERT INTO bpjs_member (regency_id, nik, kpj, name, village_id, worker_id, first_month, last_month, "
            "updated_at) "
            "SELECT %s, w.nik, '', '', w.village_id, w.id, "
            "(%s::date + make_interval(months => (w.id %% %s)::int))::date, %s, %s FROM workers_worker w "
            "WHERE w.id %% 5 = 2 AND w.id <= %s",
            [REGENCY, first_month.first_day, months, YearMonth.current().first_day, now, MEMBERS * 2 // 3 * 5],
        )
        InformalWorkerBaseline.objects.bulk_create(
            InformalWorkerBaseline(regency=regency, year=year, informal_workers=workers * 4, source="bench")
            for year in range(first_month.year, YearMonth.current().year + 1)
        )
        step = _step("members and baselines", step)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    _step("vacuum analyze", step)


def measure(requests: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from peduli.core.months import YearMonth
    from peduli.regions.models import Region
    from peduli.reporting.coverage.snapshots import snapshots_refresh
    from peduli.users.services import user_create

    regency = Region.objects.get(code=REGENCY)
    started = time.perf_counter()
    rebuilt = snapshots_refresh(regency=regency, force=True)
    refresh_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        for table in ("reporting_coveragefact", "reporting_coveragesummary", "reporting_civilservantfact"):
            cursor.execute(f"ANALYZE {table}")
    user = user_create(
        actor=None, username=f"bench-{time.time_ns()}", password="Bench#2026-x", role="regency_admin",
        check_password=False,
    )  # fmt: skip
    client = Client()
    client.force_login(user)
    month = str(YearMonth.current() - 1)
    targets = {
        "dashboard": (reverse("reporting:dashboard"), {"month": month}),
        "report_json": ("/api/v1/reports/monthly", {"month": month}),
    }
    figures: dict[str, Any] = {"refresh_s": refresh_seconds, "months": rebuilt}
    for name, (url, query) in targets.items():
        timings = []
        for attempt in range(requests + 3):
            begun = time.perf_counter()
            response = client.get(url, query)
            elapsed = (time.perf_counter() - begun) * 1000
            assert response.status_code == 200, (url, response.status_code)
            if attempt >= 3:  # the first requests warm caches and connections
                timings.append(elapsed)
        timings.sort()
        figures[f"{name}_median_ms"] = statistics.median(timings)
        figures[f"{name}_p95_ms"] = timings[int(len(timings) * 0.95) - 1]
    figures["peak_mb"] = peak_memory_mb()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=5_000_000)
    parser.add_argument("--sponsorships", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--requests", type=int, default=21)
    parser.add_argument("--keep", action="store_true", help="reuse the database of an earlier run")
    args = parser.parse_args()
    # Requests go through Django's test client, over plain HTTP.
    os.environ.update(
        ALLOWED_HOSTS="testserver", PEDULI_HTTPS="false", DEBUG="false",
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
    )  # fmt: skip
    print(f"Run {datetime.now():%Y-%m-%d %H:%M}: {args.workers:,} workers, {args.sponsorships:,} sponsorships, "
          f"{args.months} months of dues, PostgreSQL")  # fmt: skip
    build_seconds = 0.0
    if not args.keep:
        scratch_database_create(PG_URL)
        setup_django(PG_URL)
        started = time.perf_counter()
        populate(args.workers, args.sponsorships, args.months)
        build_seconds = time.perf_counter() - started
    else:
        peduli(PG_URL, "migrate", "-v0")  # a kept database gets the tables added since it was built
        setup_django(PG_URL)
    figures = measure(args.requests)
    print("| build s | snapshot refresh (all months) s | dashboard median ms | dashboard p95 ms "
          "| report JSON median ms | report JSON p95 ms | peak MB |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {build_seconds:.0f} | {figures['refresh_s']:.1f} ({figures['months']} months) "
        f"| {figures['dashboard_median_ms']:.0f} | {figures['dashboard_p95_ms']:.0f} "
        f"| {figures['report_json_median_ms']:.0f} | {figures['report_json_p95_ms']:.0f} | {figures['peak_mb']:.0f} |"
    )


if __name__ == "__main__":
    main()
