"""The demo's ledger history, loaded once (conftest.py) onto an older demo
(regions, agencies, roster, logins and workers but no ledger) the way
`peduli demo` finds it, then checked with queries written here, independent
of the demo code.

Definition the reports use: the workers covered by civil servants in month M
are the distinct workers with a non-cancelled, fully paid due of M whose
sponsor is of kind "asn"; the participating agencies are those sponsors'
distinct agencies.
"""

from collections.abc import Callable
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q, Sum

from peduli.agencies.models import CivilServant
from peduli.bpjs.models import RegistrationEntry
from peduli.core.months import YearMonth, month_range
from peduli.ledger.calendar import last_overdue_month, premium_overdue
from peduli.ledger.coverage import LAPSED_REASON, coverage_sync
from peduli.ledger.models import Allocation, Due, Payment, Remittance
from peduli.ledger.selectors import owed_dues
from peduli.notifications.models import Notification
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.workers.models import MAXIMUM_AGE, StatusChange, Worker, age_on
from tests.support.clock import first_day_overdue


def _covered_by_civil_servants(month: date) -> Any:
    return Due.objects.filter(
        month=month, cancelled=False, paid_amount=F("amount"), sponsor__kind=Sponsor.Kind.CIVIL_SERVANT
    )


def test_an_older_demo_gets_the_ledger_history_once(demo: str, db: None) -> None:
    assert "riwayat iuran sejak Januari 2022" in demo
    again = StringIO()
    call_command("demo", stdout=again)
    assert "tidak ada yang diubah" in again.getvalue()


def test_civil_servants_cover_728_workers_in_june_2025(demo: str, db: None) -> None:
    assert _covered_by_civil_servants(date(2025, 6, 1)).values("worker").distinct().count() == 728


def test_civil_servants_of_22_of_38_agencies_cover_974_workers_in_august_2025(demo: str, db: None) -> None:
    august = _covered_by_civil_servants(date(2025, 8, 1))
    assert august.values("worker").distinct().count() == 974
    assert august.values("sponsor__agency").distinct().count() == 22


def _in_service(day: date, agencies: Any) -> int:
    """Civil servants of `agencies` in service on `day` (the reports' roster of the month)."""
    return (
        CivilServant.objects.filter(agency__in=agencies, service_start__lte=day)
        .filter(Q(service_end__isnull=True) | Q(service_end__gt=day))
        .count()
    )


def test_573_civil_servants_of_agencies_employing_1834_pay_for_the_974_workers_of_august_2025(
    demo: str, db: None
) -> None:
    august = _covered_by_civil_servants(date(2025, 8, 1))
    assert august.values("sponsor").distinct().count() == 573
    assert _in_service(date(2025, 8, 1), august.values("sponsor__agency")) == 1_834


def test_three_agencies_employing_245_join_with_282_workers_in_september_2025(demo: str, db: None) -> None:
    august = _covered_by_civil_servants(date(2025, 8, 1))
    september = _covered_by_civil_servants(date(2025, 9, 1))
    joining = september.exclude(sponsor__agency__in=august.values("sponsor__agency"))
    assert joining.values("sponsor__agency").distinct().count() == 3
    assert _in_service(date(2025, 9, 1), joining.values("sponsor__agency")) == 245
    assert september.values("worker").distinct().count() - august.values("worker").distinct().count() == 282
    # Every agency of August still takes part.
    assert september.values("sponsor__agency").distinct().count() == 25


def test_few_civil_servants_at_first_and_a_push_in_mid_2025(demo: str, db: None) -> None:
    covered = {
        month: _covered_by_civil_servants(month.first_day).values("worker").distinct().count()
        for month in (YearMonth(2022, 1), YearMonth(2023, 6), YearMonth(2024, 6), YearMonth(2025, 5))
    }
    assert 0 < covered[YearMonth(2022, 1)] < 20
    assert covered[YearMonth(2022, 1)] < covered[YearMonth(2023, 6)] < covered[YearMonth(2024, 6)]
    assert covered[YearMonth(2025, 5)] < 728 - 100


def test_every_month_since_january_2022_has_dues(demo: str, db: None) -> None:
    months = set(Due.objects.values_list("month", flat=True).distinct())
    assert {m.first_day for m in month_range(YearMonth(2022, 1), YearMonth.current())} <= months


def test_every_worker_status_appears_and_the_ledger_lapses_and_covers(demo: str, db: None) -> None:
    assert set(Worker.objects.values_list("status", flat=True).distinct()) == set(Worker.Status.values)
    assert StatusChange.objects.filter(reason="tunggakan_3bln", to_status=Worker.Status.LAPSED).exists()
    # Lapsed by the ledger: the last three months of their dues are unpaid.
    lapsed = Worker.objects.filter(status=Worker.Status.LAPSED, sponsorships__isnull=False).distinct()
    assert lapsed.exists()
    # Protected by the ledger: a paid due in the last three months.
    since = (YearMonth.current() - 2).first_day
    paid_recently = Due.objects.filter(month__gte=since, cancelled=False, paid_amount=F("amount"))
    assert Worker.objects.filter(status=Worker.Status.PROTECTED, pk__in=paid_recently.values("worker")).count() > 1000


def test_sponsored_workers_were_verified_under_65_and_got_their_kpj_through_registration(demo: str, db: None) -> None:
    sponsored = Worker.objects.filter(sponsorships__isnull=False).distinct()
    assert 2000 <= sponsored.count() <= 3000
    assert not sponsored.filter(status=Worker.Status.REGISTERED).exists()
    # Every sponsored worker with a KPJ got it from BPJS's answer to a registration batch.
    registered = RegistrationEntry.objects.filter(status=RegistrationEntry.Status.REGISTERED)
    assert set(sponsored.exclude(kpj="").values_list("kpj", flat=True)) == set(registered.values_list("kpj", flat=True))
    assert (
        RegistrationEntry.objects.filter(status=RegistrationEntry.Status.REJECTED).exclude(rejection_reason="").exists()
    )
    today = date.today()
    assert all(age_on(born, today) < MAXIMUM_AGE for born in sponsored.values_list("birth_date", flat=True))
    # The 240 members BPJS already knew before anyone sponsored them keep their own state.
    members = Worker.objects.filter(sponsorships__isnull=True).exclude(kpj="")
    assert members.count() == 240
    assert members.filter(status=Worker.Status.LAPSED).count() == 20


def test_organisations_pay_lump_sums_and_civil_servants_by_payroll(demo: str, db: None) -> None:
    kinds = dict(Sponsor.objects.values_list("kind").annotate(n=Count("pk")))
    assert 3 <= kinds[Sponsor.Kind.COMPANY_CSR] <= 5 and 1 <= kinds[Sponsor.Kind.BUMD_CSR] <= 2
    assert kinds[Sponsor.Kind.DBHCHT] == kinds[Sponsor.Kind.APBD] == 1
    assert Sponsor.objects.filter(kind=Sponsor.Kind.COMPANY_CSR, partner__username="mitra.csr").count() == 1
    for kind in (Sponsor.Kind.DBHCHT, Sponsor.Kind.APBD):
        assert Sponsorship.objects.filter(sponsor__kind=kind).count() >= 200
        # One payment pays many workers.
        assert Payment.objects.filter(sponsor__kind=kind, amount__gte=100 * 16_800).exists()
    payroll = Payment.objects.filter(method=Payment.Method.PAYROLL).select_related("sponsor__agency").first()
    assert payroll is not None and payroll.sponsor.agency is not None
    assert payroll.source == f"potong_gaji:{payroll.sponsor.agency.code}"
    month = payroll.received_on.strftime("%Y-%m")
    assert payroll.reference == f"{month}-{payroll.sponsor.code}"
    prepaid = Payment.objects.filter(sponsor__kind=Sponsor.Kind.CIVIL_SERVANT, method=Payment.Method.TRANSFER)
    assert prepaid.filter(amount__in=[3 * 16_800, 6 * 16_800, 12 * 16_800]).exists()


def test_some_sponsors_are_in_arrears_and_some_sponsorships_ended_with_a_reason(demo: str, db: None) -> None:
    owed = Due.objects.filter(cancelled=False, paid_amount__lt=F("amount"), month__lte=YearMonth.current().first_day)
    in_arrears = set(owed.values_list("sponsor__kind", flat=True).distinct())
    assert Sponsor.Kind.CIVIL_SERVANT in in_arrears
    assert in_arrears - {Sponsor.Kind.CIVIL_SERVANT}
    ended = Sponsorship.objects.filter(end_month__isnull=False)
    assert set(ended.values_list("end_reason", flat=True)) >= {
        Sponsorship.EndReason.WORKER_DIED,
        Sponsorship.EndReason.FORMAL_WORK,
        Sponsorship.EndReason.SPONSOR_STOPPED,
    }
    assert Due.objects.filter(cancelled=True).exists()
    assert not Due.objects.filter(Q(cancelled=True) & ~Q(paid_amount=0)).exists()


def test_the_money_balances(demo: str, db: None) -> None:
    allocated = Allocation.objects.aggregate(total=Sum("amount"))["total"]
    received = Payment.objects.aggregate(total=Sum("amount"))["total"]
    held = Sponsor.objects.aggregate(total=Sum("credit"))["total"]
    assert allocated == received - held
    assert held > 0  # some sponsors paid ahead
    off = (
        Due.objects.annotate(allocated=Sum("allocations__amount"))
        .exclude(paid_amount=0)
        .exclude(paid_amount=F("allocated"))
    )
    assert not off.exists()


def test_past_months_are_remitted_and_confirmed_and_last_month_waits(demo: str, db: None) -> None:
    now = YearMonth.current()
    confirmed = Remittance.objects.filter(status=Remittance.Status.CONFIRMED)
    assert confirmed.filter(month=(now - 2).first_day).exists()
    assert Remittance.objects.get(month=(now - 1).first_day).status == Remittance.Status.DRAFT
    remitted = Due.objects.filter(remittance__in=confirmed)
    assert not remitted.exclude(paid_amount=F("amount")).exists()
    assert remitted.filter(month=date(2025, 8, 1), sponsor__kind=Sponsor.Kind.CIVIL_SERVANT).count() == 974


@pytest.mark.calendar
def test_the_demo_counts_this_month_in_arrears_only_once_its_premium_is_overdue(
    demo: str, db: None, today: Callable[..., date]
) -> None:
    """Loaded on any day: this month's unpaid dues are arrears only after the
    due date; no lapse rests on a month not yet overdue; the statuses are as
    the one definition says (a second sync moves nobody)."""
    now = YearMonth.current()
    unpaid_now = Due.objects.filter(month=now.first_day, cancelled=False, paid_amount__lt=F("amount"))
    assert unpaid_now.exists()  # some sponsors have not paid this month yet
    in_arrears_now = owed_dues(Due.objects.all(), now).filter(month=now.first_day)
    assert in_arrears_now.exists() == premium_overdue(now)
    last_counted = last_overdue_month()
    assert StatusChange.objects.filter(reason=LAPSED_REASON).exists()
    moves = coverage_sync()
    assert (moves.protected, moves.in_arrears, moves.lapsed, moves.uncovered) == ([], [], [], [])
    assert not Notification.objects.filter(
        title__contains="menunggak", body__contains=(last_counted + 1).label
    ).exists()

    today(first_day_overdue(now))
    assert owed_dues(Due.objects.all(), now).filter(month=now.first_day).count() == unpaid_now.count()
