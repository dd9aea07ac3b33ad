"""`peduli monthly_reports`: opens the month for every agency, prints the
status table, and with --remind tells those that have not reported."""

from collections.abc import Callable
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.core.months import YearMonth
from peduli.notifications.models import Notification
from peduli.reporting.models import MonthlyReport
from peduli.reporting.monthly_reports.services import monthly_report_submit
from tests.support.clock import first_day_late
from tests.support.records.monthly_reports import reporters

LAST = YearMonth.current() - 1


def run(*args: str) -> str:
    out = StringIO()
    call_command("monthly_reports", *args, stdout=out)
    return out.getvalue()


@pytest.mark.calendar
def test_command_opens_every_agencys_report_and_prints_their_state(
    agencies: dict[str, Agency], user_factory: Callable[..., User], today: Callable[..., date]
) -> None:
    today(first_day_late(LAST))
    people = reporters(user_factory, agencies)
    monthly_report_submit(actor=people["dinkes"], agency=agencies["dinkes"], month=LAST, remarks="")
    text = run("--month", str(LAST))
    assert f"Laporan {LAST.label}: 2 dibuka" in text
    lines = {line.split("  ")[0]: line for line in text.splitlines()}
    assert "Dikirim" in lines["Dinas Kesehatan"] and "Terlambat" in lines["Dinas Kesehatan"]
    assert "Draf" in lines["Dinas Pendidikan"] and "Belum melapor" in lines["Dinas Pendidikan"]
    assert "Laporan masuk: 1 dari 3." in text
    assert MonthlyReport.objects.filter(month=LAST.first_day).count() == 3
    assert not Notification.objects.filter(title__startswith="Pengingat").exists()


def test_command_reminds_the_missing_once_a_day(agencies: dict[str, Agency], user_factory: Callable[..., User]) -> None:
    people = reporters(user_factory, agencies)
    assert "Diingatkan: 3 OPD" in run("--month", str(LAST), "--remind")
    assert "Diingatkan: 0 OPD; sudah diingatkan hari ini: 3" in run("--month", str(LAST), "--remind")
    assert Notification.objects.filter(user=people["camat"]).count() == 1


def test_command_refuses_a_future_month(agencies: dict[str, Agency]) -> None:
    with pytest.raises(CommandError, match="belum dapat dibuka"):
        run("--month", str(LAST + 3))
