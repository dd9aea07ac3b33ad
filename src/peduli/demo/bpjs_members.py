"""What BPJS Ketenagakerjaan reports about Kendal's non-wage members in the
demo: the 240 registry workers who pay for themselves, the workers Peduli
pays for (BPJS lists them too, so they test counting once), and the
self-paying members Peduli has never registered — as many as make the 14,177
protected workers of June 2025 the press release reported. Also the
informal-worker figures of 2022–2024, so the trend has a denominator.
"""

import random
from datetime import date

from django.db.models import F

from peduli.bpjs.models import Member
from peduli.core.months import YearMonth
from peduli.ledger.models import Due
from peduli.regions.models import Region
from peduli.reporting.baselines.services import baseline_set
from peduli.workers.models import Worker

PROTECTED_JUNE_2025 = 14_177
JUNE_2025 = YearMonth(2025, 6)
FIRST_LIST = YearMonth(2022, 1)
# Informal workers of the whole regency before the district figures of 2025.
EARLIER_INFORMAL_WORKERS = {2022: 329_874, 2023: 333_502, 2024: 336_918}
EARLIER_SOURCE = "BPS Kabupaten Kendal, Sakernas Agustus (angka demo)"
# Self-payers who had stopped paying by June 2025: churn in the trend.
STOPPED_SHARE = 0.06


def _villages(regency: Region) -> list[Region]:
    return list(Region.objects.filter(code__startswith=f"{regency.code}.", level=Region.Level.VILLAGE).order_by("code"))


def _nik(village: Region, rng: random.Random, serial: int) -> str:
    district_digits = village.code[:8].replace(".", "")
    born = date(rng.randint(1962, 2004), rng.randint(1, 12), rng.randint(1, 28))
    day = born.day + (40 if rng.random() < 0.45 else 0)
    return f"{district_digits}{day:02d}{born:%m%y}{serial:04d}"


def _self_payer_start(rng: random.Random) -> YearMonth:
    """Most self-payers joined recently: the membership grew since 2022."""
    span = FIRST_LIST.months_until(JUNE_2025)
    return FIRST_LIST + int(span * rng.random() ** 0.6)


def demo_bpjs_members_load(*, regency: Region, seed: int) -> int:
    """Record BPJS's member spans for the demo; returns the members created."""
    rng = random.Random(seed + 6)
    now = YearMonth.current()
    members: list[Member] = []
    # The registry's own self-payers: active since they joined, the lapsed
    # ones until the month before they lapsed.
    self_paying = Worker.objects.filter(regency=regency, sponsorships__isnull=True).exclude(kpj="")
    for worker in self_paying.order_by("nik"):
        last = YearMonth.of(worker.status_since) - 1 if worker.status == Worker.Status.LAPSED else now
        first = min(_self_payer_start(rng), last)
        members.append(
            Member(regency=regency, nik=worker.nik, kpj=worker.kpj, name=worker.name, village_id=worker.village_id,
                   worker=worker, membership_start=first.first_day, first_month=first.first_day,
                   last_month=last.first_day)
        )  # fmt: skip
    # Those Peduli paid for in June 2025 are on BPJS's list of that month too.
    covered = Due.objects.filter(
        regency=regency, month=JUNE_2025.first_day, cancelled=False, paid_amount__gte=F("amount")
    ).select_related("worker")
    for due in covered.order_by("worker__nik"):
        worker = due.worker
        members.append(
            Member(regency=regency, nik=worker.nik, kpj=worker.kpj, name=worker.name, village_id=worker.village_id,
                   worker=worker, first_month=JUNE_2025.first_day, last_month=JUNE_2025.first_day)
        )  # fmt: skip
    active_in_june = sum(1 for m in members if m.first_month <= JUNE_2025.first_day <= m.last_month)
    needed = PROTECTED_JUNE_2025 - active_in_june
    villages = _villages(regency)
    taken = set(Worker.objects.values_list("nik", flat=True)) | {m.nik for m in members}
    serial = 5000
    stopped = int(needed * STOPPED_SHARE)
    for index in range(needed + stopped):
        village = rng.choice(villages)
        nik = _nik(village, rng, serial)
        while nik in taken:
            serial += 1
            nik = _nik(village, rng, serial)
        taken.add(nik)
        serial = serial + 1 if serial < 9999 else 5000
        if index < needed:  # still paying in June 2025; most of them still now
            first = _self_payer_start(rng)
            last = now if rng.random() < 0.93 else JUNE_2025 + rng.randint(0, 3)
        else:  # stopped paying before June 2025
            first = FIRST_LIST + rng.randint(0, FIRST_LIST.months_until(JUNE_2025) - 2)
            last = first + rng.randint(0, first.months_until(JUNE_2025) - 1)
        members.append(
            Member(regency=regency, nik=nik, kpj=f"26{3324000000 + len(members):010d}"[:13],
                   name="", village=village, membership_start=first.first_day, first_month=first.first_day,
                   last_month=last.first_day)
        )  # fmt: skip
    Member.objects.bulk_create(members, batch_size=2000)
    for year, count in EARLIER_INFORMAL_WORKERS.items():
        baseline_set(
            actor=None, regency=regency, district=None, year=year, informal_workers=count, source=EARLIER_SOURCE
        )
    return len(members)
