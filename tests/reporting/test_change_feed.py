"""The change feed keeps the figures true: after every writing service, the
figures the marks have rebuilt equal the figures rebuilt from scratch. A
service that changed counted rows without marking its regency and months
leaves the incremental figures behind the full rebuild, and fails here.
"""

from collections.abc import Callable
from typing import Any

from peduli.agencies.models import CivilServant
from peduli.agencies.services import civil_servant_end_service
from peduli.core.months import YearMonth
from peduli.ledger.coverage import coverage_sync
from peduli.ledger.models import Remittance
from peduli.ledger.services import (
    dues_generate,
    payment_reverse,
    remittance_cancel,
    remittance_confirm,
    remittance_create,
)
from peduli.regions.models import Region
from peduli.reporting.coverage.snapshots import snapshots_refresh
from peduli.reporting.models import CivilServantFact, CoverageFact
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsor_for_civil_servant, sponsorship_end, sponsorship_start
from peduli.workers.models import Worker
from peduli.workers.services import worker_transition
from tests.support.records.ledger import pay

NOW = YearMonth.current()


def figures() -> list[tuple[Any, ...]]:
    coverage = CoverageFact.objects.order_by("month", "village_id", "agency_id", "source").values_list(
        "month", "village_id", "agency_id", "source", "protected", "new", "lapsed", "ended",
        "dues_amount", "paid_amount", "remitted_amount",
    )  # fmt: skip
    civil_servants = CivilServantFact.objects.order_by("month", "agency_id").values_list(
        "month", "agency_id", "civil_servants", "sponsoring", "workers_covered"
    )
    return [*coverage, *civil_servants]


def assert_marked(kendal: Region, step: str) -> None:
    snapshots_refresh(regency=kendal)  # rebuilds only the months the marks name
    incremental = figures()
    snapshots_refresh(regency=kendal, force=True)  # every month from scratch
    assert incremental == figures(), f"{step} changed the figures without marking them stale"


def test_every_writing_service_marks_the_months_it_changed(
    kendal: Region, company: Sponsor, person_factory: Callable[..., CivilServant], worker_factory: Callable[..., Worker]
) -> None:
    snapshots_refresh(regency=kendal, force=True)
    workers = [worker_factory() for _ in range(3)]
    nurse = person_factory("dinkes")
    civil_servant = sponsor_for_civil_servant(actor=None, civil_servant=nurse)

    steps: list[tuple[str, Any]] = [
        ("sponsorship_start", lambda: sponsorship_start(actor=None, sponsor=company, worker=workers[0], start=NOW - 4)),
        ("a civil servant's sponsorship", lambda: sponsorship_start(
            actor=None, sponsor=civil_servant, worker=workers[1], start=NOW - 2)),
        ("dues_generate", lambda: dues_generate(actor=None, month=NOW)),
        ("payment_record", lambda: pay(company, 3 * 16_800, "FEED-1")),
        ("payment_record (civil servant)", lambda: pay(civil_servant, 2 * 16_800, "FEED-2")),
        ("payment_reverse", lambda: payment_reverse(
            actor=None, payment=company.payments.get(reference="FEED-1"), reason="salah transfer")),
        ("payment_record again", lambda: pay(company, 2 * 16_800, "FEED-3")),
        ("remittance_create", lambda: remittance_create(actor=None, month=NOW - 4)),
        ("remittance_confirm", lambda: remittance_confirm(
            actor=None, remittance=Remittance.objects.get(), bpjs_reference="BPJS-1")),
        ("remittance_create (cancelled)", lambda: remittance_create(actor=None, month=NOW - 3)),
        ("remittance_cancel", lambda: remittance_cancel(
            actor=None, remittance=Remittance.objects.get(month=(NOW - 3).first_day))),
        ("coverage_sync", lambda: coverage_sync(regency_id=kendal.pk)),
        ("sponsorship_end", lambda: sponsorship_end(
            actor=None, sponsorship=workers[1].sponsorships.get(), last_month=NOW - 1, reason="donatur_berhenti")),
        ("worker_transition to ended", lambda: worker_transition(
            actor=None, worker=Worker.objects.get(pk=workers[2].pk), to=Worker.Status.ENDED, reason="died")),
        ("civil_servant_end_service", lambda: civil_servant_end_service(
            actor=None, civil_servant=nurse, on=NOW.first_day, reason="pensiun")),
    ]  # fmt: skip
    for step, call in steps:
        call()
        assert_marked(kendal, step)
