"""Benchmark of opening the whole civil service's accounts (issue 15).

    .venv/bin/python bench/onboarding.py [--database sqlite|postgresql|both]

On a scratch database with Kendal's demo roster (`demo_base_load`: 38
agencies, 10,352 civil servants of whom 10,292 are in service), times
`accounts_open` for everyone — one account and one activation code each,
set-based, no password hashed — and then the activation slips of the
largest agency: the first PDF part (`SLIPS_PER_FILE` slips) and the whole
list as xlsx. Bound: accounts ≤ 10 s on each database.
"""

import argparse
import os
import subprocess
import sys
import time

from scratch import WORK, peak_memory_mb, scratch_database_create, setup_django

URLS = {
    "sqlite": f"sqlite:///{WORK / 'onboarding.sqlite3'}",
    "postgresql": "postgres://postgres@127.0.0.1:5432/peduli_bench_onboarding",
}


def measure() -> None:
    from django.db.models import Count

    from peduli.accounts.models import ActivationCode, User
    from peduli.agencies.models import Agency
    from peduli.demo.kendal import demo_base_load
    from peduli.users.onboarding import accounts_open
    from peduli.users.slips import SLIPS_PER_FILE, slips_pdf, slips_xlsx

    demo_base_load(all_regions=False)
    User.objects.filter(role="civil_servant").delete()  # the demo's own civil-servant login
    started = time.perf_counter()
    opened = accounts_open(actor=None)
    accounts_s = time.perf_counter() - started
    assert ActivationCode.objects.count() == opened.codes
    largest = Agency.objects.annotate(n=Count("civil_servants")).order_by("-n").first()
    assert largest is not None
    started = time.perf_counter()
    pdf = slips_pdf(agency=largest, activation_url="https://peduli.example/akun/aktivasi/")
    pdf_s = time.perf_counter() - started
    started = time.perf_counter()
    xlsx = slips_xlsx(agency=largest)
    assert xlsx[:2] == b"PK"
    xlsx_s = time.perf_counter() - started
    slips = ActivationCode.objects.filter(user__civil_servant__agency=largest).count()
    print(
        f"{os.environ['DATABASE_URL'].split(':')[0]}: {opened.accounts:,} accounts + {opened.codes:,} codes "
        f"in {accounts_s:.2f} s; {largest.code} {slips:,} slips: PDF of {SLIPS_PER_FILE} {pdf_s:.1f} s "
        f"({len(pdf) / 1e6:.1f} MB), "
        f"xlsx {xlsx_s:.2f} s; peak {peak_memory_mb():.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--in-process", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.in_process:
        setup_django(URLS[arguments.in_process])
        measure()
        return
    WORK.mkdir(parents=True, exist_ok=True)
    for name in ("sqlite", "postgresql") if arguments.database == "both" else (arguments.database,):
        scratch_database_create(URLS[name], regions=False)  # the demo loads them
        subprocess.run([sys.executable, __file__, "--in-process", name], check=True)


if __name__ == "__main__":
    main()
