"""One premium formula: the dues the SQL writes equal `RateSchedule.premium`
for any declared income, programme and rate schedule."""

from typing import Any

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peduli.core.months import YearMonth
from peduli.ledger.dues import rate_schedule_for
from peduli.ledger.models import PROGRAMME_WITH_JHT, Due, RateSchedule
from peduli.sponsorships.models import Sponsorship
from peduli.sponsorships.services import sponsorship_start

PROGRAMMES = [choice.value for choice in Sponsorship.Programme]
schedules = st.builds(
    RateSchedule,
    jkk_rate_bp=st.integers(0, 10_000),
    jkm_amount=st.integers(0, 1_000_000),
    jht_rate_bp=st.integers(0, 10_000),
)


def test_the_programme_with_old_age_savings_is_the_sponsorships() -> None:
    assert PROGRAMME_WITH_JHT == Sponsorship.Programme.JKK_JKM_JHT


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rate=schedules, income=st.integers(0, 2**31 - 1), programme=st.sampled_from(PROGRAMMES))
def test_the_sql_premium_is_the_python_premium(rate: RateSchedule, income: int, programme: str) -> None:
    expression, params = rate.premium_sql(income="s.declared_income", programme="s.programme")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {expression} FROM (SELECT %s AS declared_income, %s AS programme) s", [*params, income, programme]
        )
        (in_sql,) = cursor.fetchone()
    assert in_sql == rate.premium(programme=programme, declared_income=income)


@pytest.mark.django_db
def test_the_dues_written_are_the_premium_of_their_month(company: Any, worker_factory: Any) -> None:
    start = YearMonth.current() - 2
    RateSchedule.objects.create(
        effective_from=(start + 1).first_day, jkk_rate_bp=89, jkm_amount=7_300, jht_rate_bp=237,
        minimum_income=1_000_000,
    )  # fmt: skip
    incomes = [1_000_000, 1_234_567, 2_999_999, 7_777_777, 15_000_001]
    for i, income in enumerate(incomes):
        for programme in PROGRAMMES:
            worker = worker_factory(name=f"Pekerja {i} {programme}")
            sponsorship_start(
                actor=None, sponsor=company, worker=worker, start=start, programme=programme, declared_income=income
            )
    dues = list(Due.objects.select_related("sponsorship"))
    assert len(dues) == len(incomes) * len(PROGRAMMES) * 3
    for due in dues:
        rate = rate_schedule_for(YearMonth.of(due.month))
        expected = rate.premium(programme=due.sponsorship.programme, declared_income=due.sponsorship.declared_income)
        assert due.amount == expected, (due.month, due.sponsorship.programme, due.sponsorship.declared_income)
    assert len({due.amount for due in dues}) > len(incomes)
