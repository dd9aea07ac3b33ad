"""What the benchmarks share: a scratch database made afresh (migrated, with
the regions loaded), `peduli` commands run against it, Django set up on it in
this process, and this process's peak memory."""

import os
import resource
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
REGENCY = "33.24"


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ["DJANGO_SETTINGS_MODULE"] = "peduli.settings"
    import django

    django.setup()


def peak_memory_mb() -> float:
    """This process's peak resident memory (VmHWM starts afresh at exec, unlike ru_maxrss)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peduli(url: str, *arguments: str) -> None:
    """Run `peduli ARGUMENTS` against the database at `url` (output discarded)."""
    env = os.environ | {"DATABASE_URL": url, "SECRET_KEY": "bench"}
    subprocess.run([str(ROOT / ".venv" / "bin" / "peduli"), *arguments], check=True, env=env, stdout=subprocess.DEVNULL)


def scratch_database_create(url: str, *, regions: bool = True) -> None:
    """Drop and create the PostgreSQL database `url` names (or delete the
    SQLite file), migrate it and load Kendal's regions (unless told not to)."""
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)
    else:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    peduli(url, "migrate", "-v0")
    if regions:
        peduli(url, "load_regions", "--regency", REGENCY)
