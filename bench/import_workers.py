"""Benchmark of the worker import against a bare load of the same rows.

    .venv/bin/python bench/import_workers.py [--sizes 10000,100000,1000000] [--database sqlite|postgresql|both]

For each size it generates synthetic rows (its own generator: valid NIKs of
Kendal's districts, villages, names, occupations), writes them to a CSV file
and imports them with `import_file` — the code path of `peduli
import_workers` — into an empty registry, in a fresh process so the peak
memory is the import's own. In the same run it loads the same rows, already
clean, into a table with the same indexes: by COPY on PostgreSQL and by
`executemany` on SQLite. The ratio import / bare load is the figure the issue
bounds (≤ 2). It also imports the 10k rows through django-import-export as a
yardstick. Databases: a scratch SQLite file and the `peduli_bench` database
of the local PostgreSQL (both recreated; `--pg-database` names another).
"""

import argparse
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
SQLITE_URL = f"sqlite:///{WORK / 'bench.sqlite3'}"
FIRST_NAMES = "Siti Sri Agus Budi Slamet Joko Endang Dewi Rina Heru Eko Tri Sutrisno Wahyuni Lestari Ahmad Nur".split()
LAST_NAMES = "Aminah Rahayu Santoso Hartono Wibowo Lestari Susanti Prasetyo Utami Saputra Hidayat Kusuma".split()
OCCUPATIONS = ["Petani", "Buruh tani", "Nelayan", "Pedagang kaki lima", "Pengemudi ojek", "Buruh bangunan"]
YARDSTICK_ROWS = 10_000
HEADERS = ["NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Kode Desa", "Alamat", "No HP", "Pekerjaan"]


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ["DJANGO_SETTINGS_MODULE"] = "peduli.settings"
    import django

    django.setup()


def generate(path: Path, rows: int, villages: list[str]) -> None:
    """Write `rows` distinct valid workers to a CSV file the way a clerk's export looks."""
    import polars as pl

    rng = random.Random(rows)
    districts = sorted({code[:8] for code in villages})
    by_district = {d: [v for v in villages if v.startswith(d)] for d in districts}
    first_birth, span = date(1963, 1, 1), 16_000  # ages 18 to 63
    columns: dict[str, list[str]] = {header: [] for header in HEADERS}
    for i in range(rows):
        district = districts[i % len(districts)]
        born = first_birth + timedelta(days=(i // len(districts)) % span)
        serial = 1 + i // (len(districts) * span)
        woman = rng.random() < 0.5
        day = born.day + (40 if woman else 0)
        nik = f"{district.replace('.', '')}{day:02d}{born:%m%y}{serial:04d}"
        columns["NIK"].append(nik)
        columns["Nama"].append(f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}")
        columns["Tanggal Lahir"].append(born.strftime("%d/%m/%Y"))
        columns["Jenis Kelamin"].append("P" if woman else "L")
        columns["Kode Desa"].append(rng.choice(by_district[district]))
        columns["Alamat"].append(
            f"Dusun {rng.choice(LAST_NAMES)} RT {rng.randint(1, 9):02d} RW {rng.randint(1, 5):02d}"
        )
        columns["No HP"].append(f"08{rng.randint(10**9, 10**10 - 1)}")
        columns["Pekerjaan"].append(rng.choice(OCCUPATIONS))
    pl.DataFrame(columns).write_csv(path)


def reset_registry() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE workers_duplicateflag, workers_statuschange, workers_historicalworker, "
                           "workers_worker, imports_rejectedrow, imports_importbatch CASCADE")  # fmt: skip
        else:
            for table in ("workers_duplicateflag", "workers_statuschange", "workers_historicalworker",
                          "workers_worker", "imports_rejectedrow", "imports_importbatch"):  # fmt: skip
                cursor.execute(f"DELETE FROM {table}")


def peak_memory_mb() -> float:
    """This process's peak resident memory (VmHWM starts afresh at exec, unlike ru_maxrss)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_import(path: Path) -> dict[str, float]:
    """Import the file (in this fresh process) and report time and peak memory."""
    from peduli.imports.services import import_file

    reset_registry()
    started = time.perf_counter()
    batch = import_file(kind="workers", path=path, actor=None, dry_run=False)
    seconds = time.perf_counter() - started
    peak_mb = peak_memory_mb()
    assert batch.rejected_count == 0, f"{batch.rejected_count} rows rejected"
    return {"seconds": seconds, "peak_mb": peak_mb, "created": batch.created_count}


def measure_bare(path: Path) -> float:
    """Load the same rows, already clean, into a copy of the table with the same indexes."""
    import io

    from django.db import connection, transaction

    from peduli.imports.services import import_file
    from peduli.workers.models import Worker

    reset_registry()
    import_file(kind="workers", path=path, actor=None, dry_run=False)
    # The batch the rows came from is gone with the registry reset below.
    columns = [str(f.column) for f in Worker._meta.concrete_fields if f.column not in ("id", "import_batch_id")]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM workers_worker")
        rows = cursor.fetchall()
        reset_registry()
        if connection.vendor == "postgresql":
            cursor.execute("DROP TABLE IF EXISTS bench_bare")
            cursor.execute("CREATE TABLE bench_bare (LIKE workers_worker INCLUDING ALL)")
            buffer = io.StringIO()
            for row in rows:
                buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
            data = buffer.getvalue()
            started = time.perf_counter()
            with transaction.atomic(), cursor.cursor.copy(f"COPY bench_bare ({', '.join(columns)}) FROM STDIN") as copy:
                copy.write(data)
            return time.perf_counter() - started
        cursor.execute("DROP TABLE IF EXISTS bench_bare")
        cursor.execute("SELECT sql FROM sqlite_master WHERE tbl_name = 'workers_worker' AND sql IS NOT NULL")
        for (sql,) in cursor.fetchall():
            cursor.execute(
                sql.replace('"workers_worker"', '"bench_bare"')
                .replace('INDEX "', 'INDEX "bench_')
                .replace('UNIQUE "', 'UNIQUE "bench_')
            )
        marks = ", ".join(["?"] * len(columns))
        raw = connection.connection
        started = time.perf_counter()
        with transaction.atomic():
            raw.executemany(f"INSERT INTO bench_bare ({', '.join(columns)}) VALUES ({marks})", rows)
        return time.perf_counter() - started


def measure_import_export(path: Path) -> float:
    """The same rows through django-import-export, the usual Django tool."""
    import tablib
    from django.utils import timezone
    from import_export import fields, resources, widgets

    from peduli.regions.models import Region
    from peduli.workers.models import Occupation, Worker

    reset_registry()
    occupations = {o.name: o.pk for o in Occupation.objects.all()}
    data = tablib.Dataset().load(path.read_text(), format="csv")
    today, now = timezone.localdate(), timezone.now()
    out = tablib.Dataset(headers=["nik", "name", "birth_date", "sex", "village", "district", "regency", "occupation",
                                  "address", "phone", "status", "status_since", "registered_at"])  # fmt: skip
    for row in data:
        day, month, year = row[2].split("/")
        village = row[4]
        out.append([row[0], row[1], f"{year}-{month}-{day}", row[3], village, village[:8], village[:5],
                    occupations[row[7]], row[5], row[6], "registered", today, now])  # fmt: skip

    class WorkerResource(resources.ModelResource):
        village = fields.Field("village", "village", widgets.ForeignKeyWidget(Region, "code"))
        district = fields.Field("district", "district", widgets.ForeignKeyWidget(Region, "code"))
        regency = fields.Field("regency", "regency", widgets.ForeignKeyWidget(Region, "code"))
        occupation = fields.Field("occupation", "occupation", widgets.ForeignKeyWidget(Occupation, "pk"))

        class Meta:
            model = Worker
            import_id_fields = ("nik",)
            fields = ("nik", "name", "birth_date", "sex", "village", "district", "regency", "occupation", "address",
                      "phone", "status", "status_since", "registered_at")  # fmt: skip

    started = time.perf_counter()
    result = WorkerResource().import_data(out, dry_run=False, use_transactions=True)
    seconds = time.perf_counter() - started
    assert not result.has_errors(), result.row_errors()[:3]
    return seconds


def child(args: argparse.Namespace) -> None:
    setup_django(args.url)
    path = Path(args.file)
    if args.what == "import":
        figures = measure_import(path)
        print(f"{figures['seconds']:.3f} {figures['peak_mb']:.0f}")
    elif args.what == "bare":
        print(f"{measure_bare(path):.3f}")
    else:
        print(f"{measure_import_export(path):.3f}")


def prepare(url: str) -> list[str]:
    """Create the scratch database, migrate, load the regions; return Kendal's villages."""
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc"]
        subprocess.run([*psql, f'DROP DATABASE IF EXISTS "{name}"'], check=True)
        subprocess.run([*psql, f'CREATE DATABASE "{name}"'], check=True)
    else:
        (WORK / "bench.sqlite3").unlink(missing_ok=True)
    env = os.environ | {"DATABASE_URL": url, "SECRET_KEY": "bench"}
    # The checkout's own environment, else the one running this script (a worktree has none of its own).
    venv = ROOT / ".venv" / "bin" if (ROOT / ".venv").exists() else Path(sys.executable).parent
    peduli = str(venv / "peduli")
    subprocess.run([peduli, "migrate", "-v0"], check=True, env=env)
    subprocess.run([peduli, "load_regions"], check=True, env=env, stdout=subprocess.DEVNULL)
    setup_django(url)
    from peduli.regions.models import Region

    return list(
        Region.objects.filter(code__startswith="33.24.", level=Region.Level.VILLAGE).values_list("code", flat=True)
    )


def run_child(url: str, what: str, path: Path) -> list[str]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", what, "--url", url, "--file", str(path)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return output.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--no-yardstick", action="store_true", help="skip django-import-export (minutes on PostgreSQL)")
    parser.add_argument("--pg-database", default="peduli_bench", help="the scratch PostgreSQL database (recreated)")
    parser.add_argument("--child")
    parser.add_argument("--url")
    parser.add_argument("--file")
    args = parser.parse_args()
    if args.child:
        args.what = args.child
        child(args)
        return
    WORK.mkdir(parents=True, exist_ok=True)
    urls = {"sqlite": SQLITE_URL, "postgresql": f"{PG_SERVER}/{args.pg_database}"}
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    villages = prepare(urls[databases[0]])
    sizes = [int(size) for size in args.sizes.split(",")]
    files = {}
    for size in {*sizes, YARDSTICK_ROWS}:
        files[size] = WORK / f"workers-{size}.csv"
        if not files[size].exists():
            generate(files[size], size, villages)
    print("| database | rows | import s | rows/s | peak MB | bare load s | ratio |")
    print("|---|---|---|---|---|---|---|")
    for database in databases:
        if database != databases[0]:
            prepare(urls[database])
        for size in sizes:
            seconds, peak = (float(x) for x in run_child(urls[database], "import", files[size]))
            bare = float(run_child(urls[database], "bare", files[size])[0])
            print(f"| {database} | {size:,} | {seconds:.2f} | {size / seconds:,.0f} | {peak:.0f} | {bare:.2f} | "
                  f"{seconds / bare:.2f} |", flush=True)  # fmt: skip
        if args.no_yardstick:
            continue
        small = YARDSTICK_ROWS
        yardstick = float(run_child(urls[database], "import-export", files[small])[0])
        print(f"| {database} | {small:,} via django-import-export | {yardstick:.2f} | {small / yardstick:,.0f} | | | |",
              flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
