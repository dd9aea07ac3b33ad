"""The ledger's lock of a regency (`peduli.core.locks`), and the regencies the
monthly runs go through.

The lock is keyed by the sponsors' regency (`Sponsor.regency`, fixed when
the sponsor is made): everything that moves money is per sponsor. Every
allocation holds it shared for its sponsors' regencies (allocations run side
by side, each under its sponsors' row locks); the monthly dues run and the
lapse run of a regency hold that regency's exclusively, over the dues of its
sponsors, so they wait for the payments of its sponsors in flight and later
ones wait for them — while the sponsors of every other regency pay on.
(Locking the million owing sponsors' rows instead cost the dues run about a
fifth of its time.)
"""

from collections.abc import Iterable

from peduli.core.locks import regencies_lock, regency_lock
from peduli.regions.selectors import instance_region_code
from peduli.sponsorships.models import Sponsor

LEDGER_RUN_LOCK = "ledger-run"


def ledger_lock_shared(*, regency_ids: Iterable[str]) -> None:
    """Hold the ledger lock of the regencies shared, as an allocation does.
    A service that locks other rows (a worker) before it allocates takes it
    first, so it never holds a row a dues or lapse run waits for while it
    waits for that run."""
    regencies_lock(LEDGER_RUN_LOCK, regency_ids, shared=True)


def ledger_run_lock(*, regency_id: str) -> None:
    """Hold the regency's ledger lock exclusively, as its dues and lapse runs do."""
    regency_lock(LEDGER_RUN_LOCK, regency_id)


def sponsor_regencies() -> list[str]:
    """The regencies that have sponsors: those the monthly runs go through."""
    return list(Sponsor.objects.order_by("regency_id").values_list("regency_id", flat=True).distinct())


def regencies_to_run() -> list[str]:
    """The regencies the hourly runs go through: those with sponsors, or the
    instance's before anyone sponsors."""
    return sponsor_regencies() or [instance_region_code()]
