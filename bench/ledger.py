"""Benchmark of the ledger at a large regency's scale.

    .venv/bin/python bench/ledger.py [--sponsorships 1000000] [--payments 100000] [--rounds 3]
                                     [--database sqlite|postgresql|both]

For each database it builds, set-based and bypassing the services (setup
only: the sponsorships' no-overlap constraint and triggers stay on), N
workers, N sponsors and N running sponsorships that started two months ago,
with the dues of those two months (`dues_insert`). Then:

1. `dues_generate` for the current month (the monthly task's service: rate
   lookup, the idempotent INSERT … SELECT, the sponsors' lock and the
   allocation pass; no sponsor holds credit at that point) against a
   hand-written single INSERT … SELECT of the same rows into `ledger_due`,
   each run after deleting the month's dues (and VACUUM ANALYZE on
   PostgreSQL), in alternating order, best of `--rounds`. The
   issue bounds the ratio: ≤ 1.5 on PostgreSQL, ≤ 2 on SQLite.
2. A payment file of `--payments` rows (one per sponsor: 1, 2, 3 months or an
   overpayment) imported through `import_file` — the code path of `peduli
   import_payments` — in a fresh process: check, insert, credit, oldest-first
   allocation, coverage. Bound: ≤ 60 s for 100,000 rows on PostgreSQL. The
   same file is imported again to time the idempotent path (nothing paid).

Databases: a scratch SQLite file in var/bench/ and the `peduli_bench_ledger`
database of the local PostgreSQL (both recreated).
"""

import argparse
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

# The benchmarks' shared helpers (this folder is on sys.path when a script runs).
from scratch import REGENCY, WORK, peak_memory_mb, scratch_database_create, setup_django

PG_DATABASE = "peduli_bench_ledger"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
SQLITE_URL = f"sqlite:///{WORK / 'ledger.sqlite3'}"
AMOUNTS = (16_800, 33_600, 50_400, 60_000)  # one, two, three months, three months and credit


def sponsor_code(number: int) -> str:
    return f"B{number:07d}"


def series_insert(table: str, columns: str, select: str, rows: int, params: list[Any]) -> None:
    """INSERT INTO table (columns) SELECT select FROM the numbers 1..rows as `i`:
    generate_series on PostgreSQL, a recursive CTE on SQLite."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {select} FROM generate_series(1, %s) AS seq(i)",
                [*params, rows],
            )
        else:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) WITH RECURSIVE seq(i) AS "
                f"(SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < %s) SELECT {select} FROM seq",
                [rows, *params],
            )


def padded(expression: str, width: int) -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"lpad(({expression})::text, {width}, '0')"
    return f"substr('{'0' * width}' || ({expression}), -{width})"


def workers_insert(rows: int) -> None:
    """`rows` verified workers numbered 1.., spread over the regency's
    villages (set-based, for setup only)."""
    from django.db import connection
    from django.utils import timezone

    from peduli.regions.models import Region
    from peduli.workers.models import Occupation

    villages = list(
        Region.objects.filter(code__startswith=f"{REGENCY}.", level=Region.Level.VILLAGE)
        .order_by("code")
        .values_list("code", "parent_id")
    )
    occupation = Occupation.objects.values_list("pk", flat=True).first()
    now, today = timezone.now(), timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_village (n INTEGER PRIMARY KEY, code TEXT, district TEXT)")
        cursor.executemany(
            "INSERT INTO bench_village VALUES (%s, %s, %s)",
            [(n, code, district) for n, (code, district) in enumerate(villages)],
        )
    village = f"(SELECT {{}} FROM bench_village v WHERE v.n = i %% {len(villages)})"
    series_insert(
        "workers_worker",
        "id, nik, name, name_key, birth_date, sex, village_id, district_id, regency_id, address, rt, rw, phone, "
        "occupation_id, in_social_register, has_disability, woman_head_of_household, kpj, status, status_since, "
        "end_reason, returned_reason, registered_at",
        f"i, '3324' || {padded('i', 12)}, 'Pekerja ' || i, 'pekerja ' || i, %s, 'L', "
        f"{village.format('code')}, {village.format('district')}, %s, '', '', '', '', %s, FALSE, FALSE, FALSE, "
        "'', 'verified', %s, '', '', %s",
        rows,
        [date(1980, 1, 1), REGENCY, occupation, today, now],
    )


def populate(rows: int) -> None:
    """Workers, sponsors and running sponsorships, one each per number, with
    the dues of the two months before this one."""
    from django.db import connection, transaction
    from django.utils import timezone

    from peduli.core.months import YearMonth
    from peduli.ledger.dues import dues_insert

    now, start = timezone.now(), YearMonth.current() - 2
    with transaction.atomic(), connection.cursor() as cursor:
        workers_insert(rows)
        series_insert(
            "sponsorships_sponsor",
            "id, code, kind, name, regency_id, contact_name, phone, email, address, credit, created_at",
            f"i, 'B' || {padded('i', 7)}, 'perorangan', 'Donatur ' || i, %s, '', '', '', '', 0, %s",
            rows,
            [REGENCY, now],
        )
        series_insert(
            "sponsorships_sponsorship",
            "id, sponsor_id, worker_id, regency_id, start_month, programme, declared_income, end_reason, end_note, "
            "created_at",
            "i, i, i, %s, %s, 'jkk_jkm', 1000000, '', '', %s",
            rows,
            [REGENCY, start.first_day, now],
        )
        if connection.vendor == "postgresql":
            for table in ("workers_worker", "sponsorships_sponsor", "sponsorships_sponsorship"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {rows})")
        for month in (start, start + 1):
            dues_insert(month=month)
    _analyze()


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _delete_month(month: date) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_due WHERE month = %s", [month])
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE ledger_due")


def _time_generate(month: object) -> tuple[float, int]:
    from peduli.ledger.services import dues_generate

    started = time.perf_counter()
    created = dues_generate(actor=None, month=month)  # type: ignore[arg-type]
    return time.perf_counter() - started, created


def _time_bare(month: date) -> tuple[float, int]:
    """The same rows by the plainest statement: no rate lookup, no conflict
    handling, no allocation pass."""
    from django.db import connection, transaction
    from django.utils import timezone

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ledger_due (sponsorship_id, sponsor_id, worker_id, regency_id, month, amount, paid_amount, "
            "cancelled, created_at) SELECT id, sponsor_id, worker_id, regency_id, %s, 16800, 0, FALSE, %s "
            "FROM sponsorships_sponsorship WHERE start_month <= %s AND (end_month IS NULL OR end_month >= %s)",
            [month, timezone.now(), month, month],
        )
        created = cursor.rowcount
    return time.perf_counter() - started, created


def measure_dues(rounds: int) -> tuple[float, float]:
    """Best of `rounds` for the service and the bare statement, alternating
    which goes first; the month's dues are left as the service made them."""
    from peduli.core.months import YearMonth

    month = YearMonth.current()
    best = {"generate": float("inf"), "bare": float("inf")}
    runs = {"generate": lambda: _time_generate(month), "bare": lambda: _time_bare(month.first_day)}
    for round_number in range(rounds):
        order = ["generate", "bare"] if round_number % 2 == 0 else ["bare", "generate"]
        for name in order:
            _delete_month(month.first_day)
            seconds, created = runs[name]()
            print(f"  {name}: {seconds:.2f} s, {created:,} dues", file=sys.stderr, flush=True)
            best[name] = min(best[name], seconds)
    if order[-1] == "bare":
        _delete_month(month.first_day)
        _time_generate(month)
    _analyze()
    return best["generate"], best["bare"]


def write_payments(path: Path, rows: int) -> None:
    """A treasurer's deduction list: one row per sponsor, 1–3 months or more."""
    import polars as pl

    day = (date.today() - timedelta(days=1)).strftime("%d/%m/%Y")
    pl.DataFrame(
        {
            "Kode Donatur / NIP": [sponsor_code(n) for n in range(1, rows + 1)],
            "Jumlah (Rp)": [f"{AMOUNTS[n % len(AMOUNTS)]:,}".replace(",", ".") for n in range(1, rows + 1)],
            "Tanggal": [day] * rows,
            "Nomor Bukti": [f"BENCH-{n}" for n in range(1, rows + 1)],
            "Sumber": ["Bendahara Bench"] * rows,
            "Cara Bayar": ["potong gaji"] * rows,
        }
    ).write_csv(path)


def measure_import(path: Path) -> dict[str, float]:
    from django.db.models import Sum

    from peduli.imports.services import import_file
    from peduli.ledger.models import Allocation

    started = time.perf_counter()
    batch = import_file(kind="payments", path=path, actor=None, dry_run=False)
    seconds = time.perf_counter() - started
    assert batch.rejected_count == 0, list(batch.rejected_rows.values_list("reason", flat=True)[:3])
    allocated = Allocation.objects.filter(payment__import_batch=batch).aggregate(total=Sum("amount"))["total"]
    return {
        "seconds": seconds,
        "peak_mb": peak_memory_mb(),
        "created": batch.created_count,
        "unchanged": batch.unchanged_count,
        "allocated": allocated or 0,
    }


def child(args: argparse.Namespace) -> None:
    setup_django(args.url)
    if args.child == "populate":
        started = time.perf_counter()
        populate(args.sponsorships)
        print(f"{time.perf_counter() - started:.1f}")
    elif args.child == "dues":
        generate, bare = measure_dues(args.rounds)
        print(f"{generate:.3f} {bare:.3f}")
    else:
        figures = measure_import(Path(args.file))
        print(" ".join(f"{figures[key]:.3f}" for key in ("seconds", "peak_mb", "created", "unchanged", "allocated")))


def run_child(url: str, what: str, args: argparse.Namespace, path: Path | None = None) -> list[float] | None:
    """The child's figures, or None when it ran past `--time-limit` (it is
    stopped, with its PostgreSQL backend)."""
    command = [sys.executable, __file__, "--child", what, "--url", url, "--sponsorships", str(args.sponsorships),
               "--rounds", str(args.rounds), "--file", str(path or "")]  # fmt: skip
    try:
        output = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True, timeout=args.time_limit)
    except subprocess.TimeoutExpired:
        if url.startswith("postgres"):
            sql = f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{PG_DATABASE}'"
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qAtc", sql], check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
        return None
    return [float(value) for value in output.stdout.split()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sponsorships", type=int, default=1_000_000)
    parser.add_argument("--payments", type=int, default=100_000, help="rows of the payment file (≤ sponsorships)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--time-limit", type=float, default=1800, help="seconds a step may take before it is stopped")
    parser.add_argument("--child")
    parser.add_argument("--url")
    parser.add_argument("--file")
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    WORK.mkdir(parents=True, exist_ok=True)
    payments = min(args.payments, args.sponsorships)
    path = WORK / f"payments-{payments}.csv"
    write_payments(path, payments)
    urls = {"sqlite": SQLITE_URL, "postgresql": PG_URL}
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    print(f"Run {datetime.now():%Y-%m-%d %H:%M}, {args.sponsorships:,} sponsorships, {payments:,} payments")
    print("| database | setup s | generate_dues s | bare INSERT…SELECT s | ratio | payment import s | peak MB "
          "| allocated Rp | same file again s |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for database in databases:
        url = urls[database]
        scratch_database_create(url)
        setup = _figures(run_child(url, "populate", args), 1)[0]
        generate, bare = _figures(run_child(url, "dues", args), 2)
        seconds, peak, created, _unchanged, allocated = _figures(run_child(url, "import", args, path), 5)
        assert created in (payments, None), f"{created} of {payments} payments created"
        again: float | None = None
        if seconds is not None:
            again, _peak, created_again, unchanged_again, _allocated = _figures(run_child(url, "import", args, path), 5)
            assert (created_again, unchanged_again) in ((0, payments), (None, None)), "the same file paid again"
        ratio = generate / bare if generate is not None and bare is not None else None
        figures = [(setup, ".0f"), (generate, ".2f"), (bare, ".2f"), (ratio, ".2f"), (seconds, ".2f"),
                   (peak, ".0f"), (allocated, ",.0f"), (again, ".2f")]  # fmt: skip
        shown = ["–" if value is None else format(value, spec) for value, spec in figures]
        if seconds is None:
            shown[4] = f"stopped after {args.time_limit:.0f}"
        print(f"| {database} | {' | '.join(shown)} |", flush=True)


def _figures(values: list[float] | None, count: int) -> list[float | None]:
    """A child's figures, or `count` Nones when it was stopped."""
    return list(values) if values is not None else [None] * count


if __name__ == "__main__":
    main()
