"""A handful of BPJS claims for the demo: work accidents (JKK) and deaths
(JKM) of demo workers, paid and in process, one death whose two children
receive BPJS's scholarship — recorded through the claim service, so their
district and funding source are derived as in real use."""

import random
from datetime import date, timedelta

from django.utils import timezone

from peduli.bpjs.claim_services import ClaimData, claim_record
from peduli.bpjs.models import Claim
from peduli.workers.models import Worker

# (kind, status, benefit paid, heirs' compensation, scholarship children, days from incident to payment)
CLAIMS = [
    ("jkm", "paid", 42_000_000, 0, 2, 24),
    ("jkm", "paid", 42_000_000, 0, 0, 31),
    ("jkm", "paid", 10_000_000, 0, 0, 18),  # under three months of membership: the funeral part only
    ("jkm", "in_process", 0, 0, 0, 0),
    ("jkk", "paid", 7_850_000, 0, 0, 45),
    ("jkk", "paid", 2_400_000, 0, 0, 20),
    ("jkk", "paid", 15_300_000, 0, 0, 60),
    ("jkk", "paid", 61_200_000, 12_000_000, 1, 75),  # a fatal work accident: heirs' compensation too
    ("jkk", "in_process", 0, 0, 0, 0),
    ("jkk", "filed", 0, 0, 0, 0),
]


def demo_claims_load(*, seed: int = 2025, today: date | None = None) -> list[Claim]:
    """Record the demo's claims for sponsored demo workers (again: nothing new)."""
    rng = random.Random(seed + 11)
    today = today or timezone.localdate()
    workers = list(Worker.objects.filter(sponsorships__isnull=False).distinct().order_by("pk")[:200])
    if not workers:
        return []
    chosen = rng.sample(workers, min(len(CLAIMS), len(workers)))
    recorded = []
    for number, (worker, (kind, status, paid, heirs, children, delay)) in enumerate(
        zip(chosen, CLAIMS, strict=False), start=1
    ):
        reference = f"{kind.upper()}-DEMO-{number:03d}"
        if Claim.objects.filter(reference=reference).exists():
            continue
        incident = today - timedelta(days=rng.randint(delay + 5, delay + 300))
        data = ClaimData(
            reference=reference, nik=worker.nik, name=worker.name, kpj=worker.kpj, kind=kind,
            incident_date=incident, status=status, amount_paid=paid, heirs_benefit=heirs,
            scholarship_children=children, paid_on=incident + timedelta(days=delay) if status == "paid" else None,
        )  # fmt: skip
        recorded.append(claim_record(actor=None, data=data))
    return recorded
