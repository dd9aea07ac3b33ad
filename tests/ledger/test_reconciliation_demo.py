"""The demo's reconciliation on a small ledger: the latest two confirmed
remittances each get BPJS's statement with one difference of each kind, the
amount difference resolved with a note; a second run changes nothing."""

from collections.abc import Callable

from peduli.accounts.models import User
from peduli.core.months import YearMonth
from peduli.demo.reconciliation import RESOLUTION, demo_reconciliation_load
from peduli.ledger.models import ReconciliationDifference, RemittanceStatement
from peduli.ledger.services import remittance_confirm, remittance_create
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.support.records.ledger import pay


def test_demo_reconciles_the_latest_two_confirmed_remittances(
    company: Sponsor, worker_factory: Callable[..., Worker], user_factory: Callable[..., User]
) -> None:
    now = YearMonth.current()
    officer, admin = user_factory("bpjs_officer"), user_factory("regency_admin")
    workers = [worker_factory(kpj=f"2502000000{i}") for i in range(4)]
    for worker in workers:
        sponsorship_start(actor=None, sponsor=company, worker=worker, start=now - 3)
    outsider = worker_factory()
    pay(company, 4 * 3 * 16_800, "TRF-DEMO-REKON")
    confirmed = []
    for month in (now - 3, now - 2, now - 1):
        remittance = remittance_create(actor=None, month=month)
        confirmed.append(remittance_confirm(actor=None, remittance=remittance, bpjs_reference=f"BPJS-{month}"))

    statements = demo_reconciliation_load()

    assert [s.remittance_id for s in statements] == [confirmed[2].pk, confirmed[1].pk]
    assert not RemittanceStatement.objects.filter(remittance=confirmed[0]).exists()
    for statement in statements:
        assert statement.imported_by == officer
        found = {
            (d.kind, d.nik, d.resolution_note, d.resolved_by_id)
            for d in ReconciliationDifference.objects.filter(statement=statement)
        }
        assert found == {
            ("not_confirmed", workers[0].nik, "", None),
            ("amount", workers[1].nik, RESOLUTION, admin.pk),
            ("not_owed", outsider.nik, "", None),
        }
    before = list(ReconciliationDifference.objects.values().order_by("pk"))
    again = demo_reconciliation_load()
    assert [s.pk for s in again] == [s.pk for s in statements]
    assert list(ReconciliationDifference.objects.values().order_by("pk")) == before
