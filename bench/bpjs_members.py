"""Benchmark of the import of BPJS's monthly list of active non-wage members.

    .venv/bin/python bench/bpjs_members.py [--members 100000] [--workers 10000] [--database sqlite|postgresql|both]

Its own generator writes a CSV file the way BPJS sends the list: NIK, KPJ,
name, village code (missing for a fifth of the rows) and the membership start
date (for half of them). A tenth of the members are also workers already in
Peduli's registry (loaded first through the worker import), so the match by
NIK and the worker's village are exercised. Each step runs in a fresh process
through `member_list_import_file` — the code path of `peduli
bpjs_import_members` and of the wizard: read, check (NIK, village, dates),
COPY (PostgreSQL) or multi-row INSERT (SQLite) into the staging table, one
INSERT … ON CONFLICT (nik) DO UPDATE.

1. first list (June): every member new;
2. the same list again: nothing changes (the idempotent path);
3. the next month's list: every span extended;

and, for scale, a bare load of the resulting rows (already clean) into a copy
of the table with the same indexes (COPY on PostgreSQL, executemany on SQLite).

Bound: <= 10 s for 100,000 members on PostgreSQL. Databases: a scratch
SQLite file in var/bench/ and the `peduli_bench_bpjs` database of the local
PostgreSQL (both recreated).
"""

import argparse
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

# The benchmarks' shared helpers (this folder is on sys.path when a script runs).
from scratch import REGENCY, WORK, peak_memory_mb, scratch_database_create, setup_django

PG_DATABASE = "peduli_bench_bpjs"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
SQLITE_URL = f"sqlite:///{WORK / 'bpjs.sqlite3'}"
NAMES = "Siti Sri Agus Budi Slamet Joko Endang Dewi Rina Heru Eko Tri Sutrisno Wahyuni Lestari Ahmad Nur".split()
WORKER_HEADERS = ["NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Kode Desa", "Pekerjaan"]
MEMBER_HEADERS = ["NIK", "KPJ", "Nama", "Kode Desa", "Tanggal Mulai Kepesertaan"]
STEPS = {"first": "2025-06", "again": "2025-06", "next": "2025-07"}


def people(count: int, villages: list[str]) -> list[tuple[str, date, str, str]]:
    """`count` distinct people (NIK, birth date, sex, village) of Kendal's districts."""
    districts = sorted({code[:8] for code in villages})
    by_district = {d: [v for v in villages if v.startswith(d)] for d in districts}
    rng = random.Random(count)
    first_birth, span = date(1963, 1, 1), 16_000  # ages 18 to 63
    found = []
    for i in range(count):
        district = districts[i % len(districts)]
        born = first_birth + timedelta(days=(i // len(districts)) % span)
        serial = 1 + i // (len(districts) * span)
        woman = rng.random() < 0.5
        nik = f"{district.replace('.', '')}{born.day + (40 if woman else 0):02d}{born:%m%y}{serial:04d}"
        found.append((nik, born, "P" if woman else "L", rng.choice(by_district[district])))
    return found


def generate(folder: Path, members: int, workers: int, villages: list[str]) -> tuple[Path, Path]:
    """The workers file (the first `workers` people) and BPJS's member list (all of them)."""
    import polars as pl

    rng = random.Random(members)
    everyone = people(members, villages)
    worker_rows = [
        (nik, f"{rng.choice(NAMES)} {rng.choice(NAMES)}", f"{born:%d/%m/%Y}", sex, village, "Buruh tani")
        for nik, born, sex, village in everyone[:workers]
    ]
    member_rows = []
    for i, (nik, _born, _sex, village) in enumerate(everyone):
        start = date(2023, 1, 1) + timedelta(days=rng.randrange(880)) if i % 2 else None
        member_rows.append(
            (
                nik,
                f"{25_000_000_000 + i}",
                f"{rng.choice(NAMES)} {rng.choice(NAMES)}",
                village if i % 5 else "",
                f"{start:%d/%m/%Y}" if start else "",
            )
        )
    worker_file, member_file = folder / f"bpjs-workers-{workers}.csv", folder / f"bpjs-members-{members}.csv"
    pl.DataFrame(worker_rows, schema=WORKER_HEADERS, orient="row").write_csv(worker_file)
    pl.DataFrame(member_rows, schema=MEMBER_HEADERS, orient="row").write_csv(member_file)
    return worker_file, member_file


def bare_load() -> float:
    """Seconds to load the imported members, already clean, into a copy of the
    table with the same indexes: COPY on PostgreSQL, executemany on SQLite."""
    import io

    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM bpjs_member")
        columns = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
        cursor.execute("DROP TABLE IF EXISTS bench_bare")
        if connection.vendor == "postgresql":
            cursor.execute("CREATE TABLE bench_bare (LIKE bpjs_member INCLUDING ALL)")
            buffer = io.StringIO()
            for row in rows:
                buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
            started = time.perf_counter()
            with transaction.atomic(), cursor.cursor.copy(f"COPY bench_bare ({', '.join(columns)}) FROM STDIN") as copy:
                copy.write(buffer.getvalue())
            return time.perf_counter() - started
        cursor.execute("SELECT sql FROM sqlite_master WHERE tbl_name = 'bpjs_member' AND sql IS NOT NULL")
        for (sql,) in cursor.fetchall():
            cursor.execute(sql.replace('"bpjs_member"', '"bench_bare"').replace('INDEX "', 'INDEX "bench_'))
        started = time.perf_counter()
        with transaction.atomic():
            connection.connection.executemany(
                f"INSERT INTO bench_bare ({', '.join(columns)}) VALUES ({', '.join(['?'] * len(columns))})", rows
            )
        return time.perf_counter() - started


def child(step: str, path: Path) -> None:
    from peduli.core.months import YearMonth

    if step == "bare":
        print(f"{bare_load():.3f} 0 0 0")
        return
    if step == "workers":
        from peduli.imports.services import import_file

        batch = import_file(kind="workers", path=path, actor=None, dry_run=False)
        assert batch.rejected_count == 0, list(batch.rejected_rows.values_list("reason", flat=True)[:3])
        print("0 0 0 0")
        return
    from peduli.bpjs.member_services import member_list_import_file

    started = time.perf_counter()
    batch = member_list_import_file(path=path, month=YearMonth.parse(STEPS[step]), actor=None)
    seconds = time.perf_counter() - started
    assert batch.rejected_count == 0, list(batch.rejected_rows.values_list("reason", flat=True)[:3])
    print(f"{seconds:.3f} {peak_memory_mb():.0f} {batch.created_count} {batch.updated_count}")


def prepare(url: str) -> list[str]:
    """Create the scratch database, migrate, load Kendal's regions; return its villages."""
    scratch_database_create(url)
    setup_django(url)
    from peduli.regions.models import Region

    villages = Region.objects.filter(code__startswith=f"{REGENCY}.", level=Region.Level.VILLAGE)
    return list(villages.values_list("code", flat=True))


def run_child(url: str, step: str, path: Path) -> list[str]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", step, "--url", url, "--file", str(path)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return output.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=10_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--child")
    parser.add_argument("--url")
    parser.add_argument("--file")
    args = parser.parse_args()
    if args.child:
        setup_django(args.url)
        child(args.child, Path(args.file))
        return
    WORK.mkdir(parents=True, exist_ok=True)
    urls = {"sqlite": SQLITE_URL, "postgresql": PG_URL}
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    print("| database | members | step | import s | rows/s | peak MB | new | changed |")
    print("|---|---|---|---|---|---|---|---|")
    files: tuple[Path, Path] | None = None
    for database in databases:
        villages = prepare(urls[database])
        files = files or generate(WORK, args.members, args.workers, villages)
        run_child(urls[database], "workers", files[0])
        for step in STEPS:
            seconds, peak, created, updated = (float(x) for x in run_child(urls[database], step, files[1]))
            rate = args.members / seconds
            print(f"| {database} | {args.members:,} | {step} ({STEPS[step]}) | {seconds:.2f} | {rate:,.0f} | "
                  f"{peak:.0f} | {created:,.0f} | {updated:,.0f} |", flush=True)  # fmt: skip
        bare = float(run_child(urls[database], "bare", files[1])[0])
        print(f"| {database} | {args.members:,} | bare load of the same rows | {bare:.2f} | "
              f"{args.members / bare:,.0f} | | | |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
