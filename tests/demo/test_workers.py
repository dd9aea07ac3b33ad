"""The demo's workers: every village, every registry state, real duplicates to review."""

from peduli.accounts.models import Role
from peduli.demo.workers import DEMO_WORKERS, DUPLICATE_PAIRS, demo_workers_load
from peduli.regions.models import Region
from peduli.users.services import user_create
from peduli.workers.models import DuplicateFlag, Worker


def test_demo_workers_cover_every_village_and_every_registry_state(kendal: Region) -> None:
    verifier = user_create(actor=None, username="verifikator", password="x", role=Role.REGENCY_ADMIN,
                           check_password=False)  # fmt: skip
    demo_workers_load(seed=3324, verifier=verifier)

    assert Worker.objects.count() == DEMO_WORKERS + DUPLICATE_PAIRS
    assert Worker.objects.values("village").distinct().count() == 286
    states = set(Worker.objects.values_list("status", flat=True))
    # Arrears come with the ledger's history (tests/demo/test_ledger.py).
    assert states == set(Worker.Status.values) - {Worker.Status.ARREARS}
    members = Worker.objects.exclude(kpj="")
    assert not members.filter(status__in=[Worker.Status.REGISTERED, Worker.Status.VERIFIED]).exists()
    assert members.values("kpj").distinct().count() == members.count()
    assert Worker.objects.exclude(returned_reason="").exists()
    flags = DuplicateFlag.objects.filter(status=DuplicateFlag.Status.OPEN)
    assert flags.count() == DUPLICATE_PAIRS
    assert all(flag.worker.birth_date == flag.candidate.birth_date for flag in flags)
