"""The demo's registration exchange on a few workers: everyone sponsored goes
to BPJS in batches, most come back with a KPJ, some rejected with a reason,
and running it again sends nobody twice."""

from collections.abc import Callable

from peduli.accounts.models import User
from peduli.bpjs.models import RegistrationBatch, RegistrationEntry
from peduli.demo.bpjs_registration import REASONS, demo_bpjs_registration_load, demo_kpj
from peduli.workers.models import Worker


def test_the_demo_registers_the_sponsored_workers_in_batches(
    sponsored: Callable[..., list[Worker]], officer: User, worker_factory: Callable[..., Worker]
) -> None:
    workers = sponsored(23)
    unsponsored = worker_factory()

    registered, rejected = demo_bpjs_registration_load(actor=officer, batch_size=10, rejected_share=0.2)

    assert (registered + rejected, RegistrationBatch.objects.count()) == (23, 3)
    assert 0 < rejected < registered
    entries = RegistrationEntry.objects.filter(worker__in=workers)
    assert entries.filter(status="registered").count() == registered
    assert set(entries.filter(status="rejected").values_list("rejection_reason", flat=True)) <= set(REASONS)
    with_kpj = Worker.objects.exclude(kpj="")
    assert {(w.pk, w.kpj) for w in with_kpj} == {(e.worker_id, demo_kpj(e.worker_id)) for e in
                                                 entries.filter(status="registered")}  # fmt: skip
    assert not RegistrationEntry.objects.filter(worker=unsponsored).exists()

    assert demo_bpjs_registration_load(actor=officer, batch_size=10) == (0, 0)
    assert RegistrationBatch.objects.count() == 3
