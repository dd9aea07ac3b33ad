"""Kendal demo workers: registered, verified, returned, ended and probable
duplicates, over all 286 villages, brought in through the real import engine
the way a district office's Excel file would be.

Some verified workers already hold a BPJS membership (KPJ) and are protected,
a few of them lapsed. The protected workers the monthly reports count (728
sponsored by civil servants in June 2025, 14,177 in all) come with the ledger
(`peduli.demo.ledger`, which also registers the sponsorship drive's workers
below) and the BPJS exchange, which decide coverage month by month.
"""

import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from peduli.accounts.models import User
from peduli.core.csv_files import csv_bytes
from peduli.imports.services import import_file
from peduli.regions.models import Region
from peduli.workers.models import StatusChange, Worker
from peduli.workers.occupations import OCCUPATIONS
from peduli.workers.services import worker_return, worker_transition

DEMO_WORKERS = 3_000
# Registered and verified in the 2025 sponsorship drive, so that every sponsor
# of the demo ledger finds a worker (September 2025's 282 more too, and the
# months up to a demo loaded in 2028) and some verified workers still wait.
DRIVE_WORKERS = 900
# NIK serials of the drive start here, clear of the first file's (and its twins').
DRIVE_FIRST_SERIAL = 5_001
VERIFIED_SHARE = 0.7
RETURNED = 12
ENDED = 15
# Members BPJS already knows (a KPJ number): protected; a few stopped paying.
WITH_MEMBERSHIP = 240
LAPSED = 20
DUPLICATE_PAIRS = 6
HEADERS = ["NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Kode Desa", "Alamat", "No HP", "Pekerjaan", "DTKS",
           "Disabilitas", "Perempuan Kepala Keluarga"]  # fmt: skip
MALE = "Sutrisno Slamet Paijo Suparman Rohmat Kasmin Darsono Waluyo Tarmuji Sukirno Ngadiman Jumadi Karjo".split()
FEMALE = "Siti Sumiyati Painem Sri Kasmini Tumini Wagiyem Suminah Rukmini Darsih Sarinah Juminten Tukinah".split()
FAMILY = "Aminah Rahayu Wibowo Suparno Hartono Lestari Prasetyo Susanti Wahyuni Mulyono Riyanto".split()
SPELLING_VARIANTS = {"Sutrisno": "Soetrisno", "Siti": "Hj. Siti", "Suparman": "Soeparman", "Juminten": "Joeminten"}


def _rows(rng: random.Random, villages: list[str], *, count: int, first_serial: int = 1) -> list[list[str]]:
    rows: list[list[str]] = []
    serials: dict[str, int] = {}
    occupations = [name for _code, name, _aliases in OCCUPATIONS]
    for index in range(count):
        village = villages[index % len(villages)]
        woman = rng.random() < 0.45
        born = date(1962, 1, 1) + timedelta(days=rng.randrange(0, 16_400))
        prefix = f"{village[:8].replace('.', '')}{born.day + (40 if woman else 0):02d}{born:%m%y}"
        serials[prefix] = serials.get(prefix, first_serial - 1) + 1
        name = f"{rng.choice(FEMALE if woman else MALE)} {rng.choice(FAMILY)}"
        rows.append([
            f"{prefix}{serials[prefix]:04d}", name, born.strftime("%d/%m/%Y"), "P" if woman else "L", village,
            f"Dusun {rng.choice(FAMILY)} RT {rng.randint(1, 8):02d} RW {rng.randint(1, 4):02d}",
            f"08{rng.randint(10**9, 10**10 - 1)}" if rng.random() < 0.8 else "", rng.choice(occupations),
            "Ya" if rng.random() < 0.6 else "Tidak", "Ya" if rng.random() < 0.03 else "Tidak",
            "Ya" if woman and rng.random() < 0.15 else "Tidak",
        ])  # fmt: skip
    return rows


def _twins(rows: list[list[str]]) -> list[list[str]]:
    """The same people typed a second time by another clerk, NIK mistyped."""
    twins = []
    for row in rows:
        first = row[1].split()[0]
        twin = [*row]
        twin[0] = row[0][:-4] + f"{int(row[0][-4:]) + 50:04d}"
        twin[1] = row[1].replace(first, SPELLING_VARIANTS.get(first, first), 1)
        twins.append(twin)
    return twins


def _villages() -> list[str]:
    return sorted(
        Region.objects.filter(code__startswith="33.24.", level=Region.Level.VILLAGE).values_list("code", flat=True)
    )


def _import(rows: list[list[str]], *, file_name: str) -> None:
    """Bring the rows in through the import engine, as a district office's file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / file_name
        path.write_bytes(csv_bytes(headers=HEADERS, rows=rows))
        import_file(kind="workers", path=path, actor=None, dry_run=False)


def _verify(workers: list[Worker], verifier: User) -> None:
    today, now = timezone.localdate(), timezone.now()
    StatusChange.objects.bulk_create(
        StatusChange(worker=w, from_status=w.status, to_status=Worker.Status.VERIFIED, effective_on=today,
                     actor=verifier)
        for w in workers
    )  # fmt: skip
    for worker in workers:
        worker.status, worker.status_since, worker.verified_by, worker.verified_at = (
            Worker.Status.VERIFIED, today, verifier, now,
        )  # fmt: skip
    bulk_update_with_history(
        workers, Worker, ["status", "status_since", "verified_by", "verified_at"], default_user=verifier
    )


def demo_workers_load(*, seed: int, verifier: User) -> None:
    """Import the demo workers, then verify most of them and give a few every other state."""
    rng = random.Random(seed)
    rows = _rows(rng, _villages(), count=DEMO_WORKERS)
    _import([*rows, *_twins(rows[:DUPLICATE_PAIRS])], file_name="pekerja-rentan-kendal.csv")
    workers = list(Worker.objects.filter(duplicate_flags__isnull=True).order_by("nik"))
    rng.shuffle(workers)
    verified = workers[: int(len(workers) * VERIFIED_SHARE)]
    _verify(verified, verifier)
    waiting = workers[len(verified) :]
    for worker in waiting[:RETURNED]:
        worker_return(actor=verifier, worker=worker, reason="Alamat belum lengkap (RT/RW) dan nomor HP kosong.")
    reasons = [Worker.EndReason.DIED, Worker.EndReason.FORMAL_WORK, Worker.EndReason.MOVED_OUT]
    for index, worker in enumerate(verified[:ENDED]):
        worker_transition(actor=verifier, worker=worker, to=Worker.Status.ENDED, reason=reasons[index % len(reasons)])
    members = verified[ENDED : ENDED + WITH_MEMBERSHIP]
    for number, worker in enumerate(members, start=1):
        worker.kpj = f"25{332400000 + number:09d}"
    bulk_update_with_history(members, Worker, ["kpj"], default_user=verifier)
    for worker in members:
        worker_transition(actor=verifier, worker=worker, to=Worker.Status.PROTECTED, on=date(2025, 1, 1))
    for worker in members[:LAPSED]:
        worker_transition(actor=verifier, worker=worker, to=Worker.Status.LAPSED, on=date(2025, 6, 1),
                          note="Iuran 3 bulan tidak dibayar.")  # fmt: skip


def demo_drive_workers_load(*, seed: int, verifier: User) -> None:
    """Import the sponsorship drive's workers (a second district file) and
    verify those without a duplicate question."""
    rows = _rows(random.Random(seed + 1), _villages(), count=DRIVE_WORKERS, first_serial=DRIVE_FIRST_SERIAL)
    _import(rows, file_name="pekerja-rentan-gerakan-2025.csv")
    niks = [row[0] for row in rows]
    _verify(list(Worker.objects.filter(nik__in=niks, duplicate_flags__isnull=True).order_by("nik")), verifier)
