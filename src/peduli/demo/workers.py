"""Kendal demo workers: registered, verified, returned, ended and probable
duplicates, over all 286 villages, brought in through the real import engine
the way a district office's Excel file would be.

Some verified workers already hold a BPJS membership (KPJ) and are protected,
a few of them lapsed. The protected workers the monthly reports count (728
sponsored by civil servants in June 2025, 14,177 in all) come with the ledger
and the BPJS exchange, which decide coverage month by month.
"""

import csv
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from peduli.accounts.models import User
from peduli.imports.services import import_file
from peduli.regions.models import Region
from peduli.workers.models import StatusChange, Worker
from peduli.workers.occupations import OCCUPATIONS
from peduli.workers.services import worker_return, worker_transition

DEMO_WORKERS = 3_000
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


def _rows(rng: random.Random, villages: list[str]) -> list[list[str]]:
    rows: list[list[str]] = []
    serials: dict[str, int] = {}
    occupations = [name for _code, name, _aliases in OCCUPATIONS]
    for index in range(DEMO_WORKERS):
        village = villages[index % len(villages)]
        woman = rng.random() < 0.45
        born = date(1962, 1, 1) + timedelta(days=rng.randrange(0, 16_400))
        prefix = f"{village[:8].replace('.', '')}{born.day + (40 if woman else 0):02d}{born:%m%y}"
        serials[prefix] = serials.get(prefix, 0) + 1
        name = f"{rng.choice(FEMALE if woman else MALE)} {rng.choice(FAMILY)}"
        rows.append([
            f"{prefix}{serials[prefix]:04d}", name, born.strftime("%d/%m/%Y"), "P" if woman else "L", village,
            f"Dusun {rng.choice(FAMILY)} RT {rng.randint(1, 8):02d} RW {rng.randint(1, 4):02d}",
            f"08{rng.randint(10**9, 10**10 - 1)}" if rng.random() < 0.8 else "", rng.choice(occupations),
            "Ya" if rng.random() < 0.6 else "Tidak", "Ya" if rng.random() < 0.03 else "Tidak",
            "Ya" if woman and rng.random() < 0.15 else "Tidak",
        ])  # fmt: skip
    # The same people typed a second time by another clerk, NIK mistyped.
    for row in rows[:DUPLICATE_PAIRS]:
        first = row[1].split()[0]
        twin = [*row]
        twin[0] = row[0][:-4] + f"{int(row[0][-4:]) + 50:04d}"
        twin[1] = row[1].replace(first, SPELLING_VARIANTS.get(first, first), 1)
        rows.append(twin)
    return rows


def demo_workers_load(*, seed: int, verifier: User) -> None:
    """Import the demo workers, then verify most of them and give a few every other state."""
    rng = random.Random(seed)
    villages = sorted(
        Region.objects.filter(code__startswith="33.24.", level=Region.Level.VILLAGE).values_list("code", flat=True)
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pekerja-rentan-kendal.csv"
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADERS)
            writer.writerows(_rows(rng, villages))
        import_file(kind="workers", path=path, actor=None, dry_run=False)
    workers = list(Worker.objects.filter(duplicate_flags__isnull=True).order_by("nik"))
    rng.shuffle(workers)
    verified = workers[: int(len(workers) * VERIFIED_SHARE)]
    today, now = timezone.localdate(), timezone.now()
    StatusChange.objects.bulk_create(
        StatusChange(worker=w, from_status=w.status, to_status=Worker.Status.VERIFIED, effective_on=today,
                     actor=verifier)
        for w in verified
    )  # fmt: skip
    for worker in verified:
        worker.status, worker.status_since, worker.verified_by, worker.verified_at = (
            Worker.Status.VERIFIED, today, verifier, now,
        )  # fmt: skip
    bulk_update_with_history(
        verified, Worker, ["status", "status_since", "verified_by", "verified_at"], default_user=verifier
    )
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
