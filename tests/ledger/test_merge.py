"""Merging two records of one worker carries the sponsorships and their dues
over to the record kept, unless both were sponsored in the same months."""

from collections.abc import Callable
from datetime import date

import pytest

from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.ledger.models import Due
from peduli.ledger.rates import DEFAULT_PREMIUM
from peduli.ledger.services import payment_record
from peduli.regions.models import Region
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.sponsorships.services import SponsorData, sponsor_create, sponsorship_end, sponsorship_start
from peduli.workers.models import DuplicateFlag, Worker
from peduli.workers.selectors import open_duplicate_flags
from peduli.workers.services import WorkerData, duplicate_merge, worker_update

NOW = YearMonth.current()
BORN = date(1980, 5, 5)


@pytest.fixture
def company(kendal: Region) -> Sponsor:
    return sponsor_create(actor=None, data=SponsorData(kind="csr", name="PT Contoh Makmur", code="csr-01"))


@pytest.fixture
def bank(kendal: Region) -> Sponsor:
    return sponsor_create(actor=None, data=SponsorData(kind="bumd", name="PT BPR Kendal", code="bumd-01"))


def flag_between(first: Worker, second: Worker) -> DuplicateFlag:
    return open_duplicate_flags().get(worker_id=max(first.pk, second.pk), candidate_id=min(first.pk, second.pk))


def renamed(worker: Worker, name: str) -> Worker:
    """Correct a name through the service, which asks the duplicate question."""
    data = WorkerData(
        nik=worker.nik, name=name, village=worker.village_id, occupation="Buruh tani", birth_date=worker.birth_date,
        sex="L",
    )  # fmt: skip
    return worker_update(actor=None, worker=worker, data=data)


def test_merging_moves_the_dropped_records_sponsorship_and_dues_to_the_kept_one(
    company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    sponsored = worker_factory(name="Siti Aminah", born=BORN)
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=sponsored, start=NOW - 2)
    payment_record(
        actor=None, sponsor=company, amount=3 * DEFAULT_PREMIUM, received_on=date.today(), method="transfer",
        reference="TRF-1",
    )  # fmt: skip
    twin = worker_factory(name="Sitti Aminah", born=BORN, verified=False)

    kept = duplicate_merge(actor=None, flag=flag_between(sponsored, twin), keep=twin)

    sponsorship.refresh_from_db()
    assert sponsorship.worker == kept == twin
    assert (
        list(Due.objects.filter(sponsorship=sponsorship).values_list("worker_id", "paid_amount"))
        == [(twin.pk, DEFAULT_PREMIUM)] * 3
    )
    assert not Sponsorship.objects.filter(worker=sponsored).exists()
    assert not Due.objects.filter(worker=sponsored).exists()
    # The move is in the sponsorship's history.
    assert sponsorship.history.first().worker_id == twin.pk  # type: ignore[attr-defined]
    sponsored.refresh_from_db()
    assert (sponsored.status, sponsored.merged_into) == (Worker.Status.ENDED, twin)


def test_merging_keeps_both_records_sponsorships_when_their_months_do_not_overlap(
    company: Sponsor, bank: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    first = worker_factory(name="Siti Aminah", born=BORN)
    earlier = sponsorship_start(actor=None, sponsor=company, worker=first, start=NOW - 5)
    sponsorship_end(actor=None, sponsorship=earlier, last_month=NOW - 3, reason="donatur_berhenti")
    second = worker_factory(name="Joko Prasetyo", born=BORN)
    later = sponsorship_start(actor=None, sponsor=bank, worker=second, start=NOW - 2)
    second = renamed(second, "Sitti Aminah")

    duplicate_merge(actor=None, flag=flag_between(first, second), keep=first)

    assert set(Sponsorship.objects.filter(worker=first)) == {earlier, later}
    assert not Due.objects.exclude(worker=first).exists()


def test_merging_two_records_sponsored_in_the_same_months_is_refused_and_changes_nothing(
    company: Sponsor, bank: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    first = worker_factory(name="Siti Aminah", born=BORN)
    sponsorship_start(actor=None, sponsor=company, worker=first, start=NOW - 2)
    second = worker_factory(name="Joko Prasetyo", born=BORN)
    sponsorship_start(actor=None, sponsor=bank, worker=second, start=NOW)
    second = renamed(second, "Sitti Aminah")
    flag = flag_between(first, second)

    with pytest.raises(ApplicationError) as refused:
        duplicate_merge(actor=None, flag=flag, keep=first)

    assert refused.value.code == "sponsorship_overlap"
    assert NOW.label in refused.value.message and "akhiri salah satu kepesertaan" in refused.value.message
    assert Sponsorship.objects.filter(worker=second, sponsor=bank).exists()
    assert Due.objects.filter(worker=second).count() == 1
    flag.refresh_from_db()
    assert flag.status == DuplicateFlag.Status.OPEN
