"""The monthly ledger task, run through the task backend of the test settings
(ImmediateBackend, which runs it at once)."""

from collections.abc import Callable
from datetime import date

import pytest
from django_tasks import TaskResultStatus

from peduli.accounts.models import User
from peduli.core.months import YearMonth
from peduli.ledger.models import Due
from peduli.ledger.tasks import ledger_month_task
from peduli.notifications.models import Notification
from peduli.regions.models import Region
from peduli.sponsorships.services import SponsorData, sponsor_create, sponsorship_start
from peduli.workers.models import Worker
from tests.support.clock import last_day_to_pay

NOW = YearMonth.current()


@pytest.mark.calendar
def test_the_monthly_task_creates_this_months_dues_and_lapses_three_overdue_months(
    kendal: Region, worker_factory: Callable[..., Worker], user_factory: Callable[..., User], today: Callable[..., date]
) -> None:
    partner = user_factory("csr_partner")
    company = sponsor_create(
        actor=None, data=SponsorData(kind="csr", name="PT Contoh Makmur", code="csr-01", partner=partner)
    )
    worker = worker_factory(name="Siti Aminah")
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker, start=NOW - 3)
    # Protected earlier (by a BPJS membership); nothing paid for three months
    # up to last month, and this month's due is not there yet (a new month).
    Worker.objects.filter(pk=worker.pk).update(status=Worker.Status.PROTECTED)
    Due.objects.filter(sponsorship=sponsorship, month=NOW.first_day).delete()
    today(last_day_to_pay(NOW))  # the three months before this one are overdue, this one is not

    result = ledger_month_task.enqueue()

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {
        "dues_created": 1, "workers_protected": 0, "workers_in_arrears": 0, "workers_lapsed": 1,
    }  # fmt: skip
    assert Due.objects.filter(sponsorship=sponsorship, month=NOW.first_day).exists()
    worker.refresh_from_db()
    assert worker.status == Worker.Status.LAPSED
    assert Notification.objects.filter(user=partner, title__contains="Siti Aminah").count() == 1


def test_the_monthly_task_run_again_changes_nothing(kendal: Region, worker_factory: Callable[..., Worker]) -> None:
    company = sponsor_create(actor=None, data=SponsorData(kind="csr", name="PT Contoh Makmur", code="csr-01"))
    worker = worker_factory()
    sponsorship_start(actor=None, sponsor=company, worker=worker, start=NOW - 3)
    Worker.objects.filter(pk=worker.pk).update(status=Worker.Status.PROTECTED)
    ledger_month_task.enqueue()
    dues, notifications = Due.objects.count(), Notification.objects.count()

    again = ledger_month_task.enqueue()

    assert again.return_value == {
        "dues_created": 0, "workers_protected": 0, "workers_in_arrears": 0, "workers_lapsed": 0,
    }  # fmt: skip
    assert (Due.objects.count(), Notification.objects.count()) == (dues, notifications)
