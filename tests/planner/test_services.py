"""Writing scenarios: who may, what is refused and why, starting figures
from the indicators, the enrolment capacity from the registry's history,
and the history kept."""

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.planner.models import Scenario
from peduli.planner.selectors import (
    enrolment_capacity_default,
    scenario_projection,
    scenarios_for_comparison,
    targets_for,
)
from peduli.planner.services import ScenarioData, scenario_create, scenario_delete, scenario_update
from peduli.regions.models import Region
from peduli.reporting.models import Target
from tests.planner.conftest import kendal_data

pytestmark = pytest.mark.django_db


def test_a_planner_creates_a_scenario_of_the_instance_regency(kendal: Region, admin: User) -> None:
    scenario = scenario_create(actor=admin, data=kendal_data(new_sponsors_per_month=100))
    assert scenario.regency == kendal and scenario.created_by == admin
    assert scenario.start == YearMonth(2025, 6) and scenario.new_sponsors_per_month == 100
    assert scenario.history.count() == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("role", ["agency_operator", "district_operator", "bpjs_officer", "csr_partner"])
def test_only_planners_write_scenarios(
    kendal: Region, user_factory: Callable[..., User], agencies: dict[str, Agency], role: str
) -> None:
    place: dict[str, dict[str, Any]] = {
        "agency_operator": {"agency": agencies["dinkes"]},
        "district_operator": {"district": agencies["kec"].district},
    }
    with pytest.raises(ApplicationError) as error:
        scenario_create(actor=user_factory(role, **place.get(role, {})), data=kendal_data())
    assert error.value.code == "forbidden"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": "  "}, "name", "Beri nama"),
        ({"protected_workers": 400_000}, "protected_workers", "tidak boleh melebihi jumlah pekerja informal"),
        ({"workers_by_civil_servants": 20_000}, "workers_by_civil_servants", "tidak boleh lebih banyak"),
        ({"sponsoring_civil_servants": 11_000}, "sponsoring_civil_servants", "melebihi jumlah seluruh ASN"),
        ({"lapse_pct_per_month": Decimal(60)}, "lapse_pct_per_month", "antara 0 dan 50"),
        ({"informal_workers": 0}, "informal_workers", "lebih dari nol"),
        ({"start_month": YearMonth(2050, 1)}, "start_month", "antara tahun 2015 dan 2045"),
        ({"apbd_per_year": -1}, "apbd_per_year", "tidak boleh negatif"),
    ],
)
def test_impossible_figures_are_refused_beside_their_field(
    kendal: Region, admin: User, change: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ApplicationError) as error:
        scenario_create(actor=admin, data=replace(kendal_data(), **change))
    assert error.value.field == field and message in error.value.message


def test_missing_starting_figures_ask_to_be_typed_when_the_indicators_have_none(kendal: Region, admin: User) -> None:
    with pytest.raises(ApplicationError) as error:
        scenario_create(actor=admin, data=ScenarioData(name="Kosong", start_month=YearMonth(2025, 6)))
    assert error.value.field == "informal_workers"
    assert "isi angka awal secara manual" in error.value.message


def test_an_update_changes_the_assumptions_and_keeps_the_history(scenario_factory: Any, admin: User) -> None:
    scenario = scenario_factory()
    scenario_update(actor=admin, scenario=scenario, data=kendal_data("Status quo", apbd_per_year=1_000_000_000))
    scenario.refresh_from_db()
    assert scenario.apbd_per_year == 1_000_000_000
    assert scenario.history.count() == 2  # type: ignore[attr-defined]
    scenario_delete(actor=admin, scenario=scenario)
    assert not Scenario.objects.exists()
    assert Scenario.history.filter(history_type="-").count() == 1  # type: ignore[attr-defined]


def test_the_regency_targets_replace_the_plan_defaults(scenario_factory: Any, kendal: Region) -> None:
    scenario = scenario_factory()
    assert [(t.year, t.coverage_pct) for t in targets_for(kendal)] == [
        (2029, Decimal("51.64")),
        (2045, Decimal("64.74")),
    ]
    Target.objects.create(regency=kendal, year=2030, coverage_pct=Decimal(40), legal_source="Perbup")
    projection = scenario_projection(scenario)
    assert [o.target.year for o in projection.targets] == [2030]
    assert projection.months[0].premium == 16_800


def test_a_comparison_takes_two_to_four_visible_scenarios(
    scenario_factory: Any, admin: User, user_factory: Callable[..., User]
) -> None:
    first, second = scenario_factory("A"), scenario_factory("B")
    assert scenarios_for_comparison(admin, [second.pk, first.pk, second.pk]) == [second, first]
    with pytest.raises(ApplicationError, match="2 sampai 4"):
        scenarios_for_comparison(admin, [first.pk])
    with pytest.raises(ApplicationError, match="tidak ditemukan"):
        scenarios_for_comparison(user_factory("leader"), [first.pk, 999])
    with pytest.raises(ApplicationError, match="tidak ditemukan"):
        scenarios_for_comparison(user_factory("bpjs_officer"), [first.pk, second.pk])


def test_empty_starting_figures_come_from_the_indicators_of_the_start_month(
    kendal: Region, admin: User, agencies: dict[str, Agency]
) -> None:
    from datetime import date

    from peduli.reporting.models import CivilServantFact, CoverageSummary, InformalWorkerBaseline

    june = date(2025, 6, 1)
    InformalWorkerBaseline.objects.create(regency=kendal, year=2025, informal_workers=338_681, source="BPS Kendal")
    CoverageSummary.objects.bulk_create([
        CoverageSummary(regency=kendal, month=june, district_id="33.24.01", source="asn", protected=728),
        CoverageSummary(regency=kendal, month=june, source="mandiri", protected=13_449),
    ])  # fmt: skip
    CivilServantFact.objects.create(
        regency=kendal, month=june, agency=agencies["dinkes"], civil_servants=10_292, sponsoring=700,
        workers_covered=728,
    )  # fmt: skip
    scenario = scenario_create(actor=admin, data=ScenarioData(name="Dari laporan", start_month=YearMonth(2025, 6)))
    assert (scenario.informal_workers, scenario.protected_workers, scenario.civil_servants) == (338_681, 14_177, 10_292)
    assert (scenario.sponsoring_civil_servants, scenario.workers_by_civil_servants) == (700, 728)


def test_the_enrolment_capacity_defaults_to_the_median_new_workers_of_the_last_12_full_months(
    kendal: Region, admin: User
) -> None:
    from peduli.reporting.models import CoverageSummary

    # The clock is pinned in December 2026: December 2025 to November 2026 count.
    window = [40, 10, 25, 30, 35, 20, 15, 50, 45, 60, 5, 22]  # sorted, the middle two are 25 and 30
    rows = [
        CoverageSummary(regency=kendal, month=(YearMonth(2025, 12) + i).first_day, district_id="33.24.01",
                        source="asn", new=new)
        for i, new in enumerate(window)
    ]  # fmt: skip
    rows[0].new = 30
    rows.append(CoverageSummary(regency=kendal, month=YearMonth(2025, 12).first_day, source="csr", new=10))
    rows += [  # not counted: older months, this month (not full yet), self-payers BPJS lists
        CoverageSummary(regency=kendal, month=YearMonth(2025, 11).first_day, source="asn", new=5_000),
        CoverageSummary(regency=kendal, month=YearMonth(2026, 12).first_day, source="asn", new=9_999),
        *(CoverageSummary(regency=kendal, month=(YearMonth(2025, 12) + i).first_day, source=source, new=7_000)
          for i in range(12) for source in ("mandiri", "mandiri_agregat")),
    ]  # fmt: skip
    CoverageSummary.objects.bulk_create(rows)
    default = enrolment_capacity_default(kendal)
    assert (default.value, default.first, default.last) == (28, YearMonth(2025, 12), YearMonth(2026, 11))
    assert default.explanation == (
        "Bawaan 28: median pekerja baru yang mulai terlindungi lewat Peduli per bulan, Desember 2025–November 2026."
    )
    assert scenario_create(actor=admin, data=kendal_data()).enrolment_capacity_per_month == 28
    typed = scenario_create(actor=admin, data=kendal_data("Pendataan desa", enrolment_capacity_per_month=3_500))
    assert typed.enrolment_capacity_per_month == 3_500
    assert scenario_projection(typed).assumptions.enrolment_capacity_per_month == 3_500


def test_without_history_the_enrolment_capacity_is_the_planners_constant(kendal: Region, admin: User) -> None:
    default = enrolment_capacity_default(kendal)
    assert (default.value, default.from_history) == (300, False)
    assert "Belum ada riwayat pendaftaran di Peduli" in default.explanation
    assert scenario_create(actor=admin, data=kendal_data()).enrolment_capacity_per_month == 300
    with pytest.raises(ApplicationError) as error:
        scenario_create(actor=admin, data=kendal_data(enrolment_capacity_per_month=-1))
    assert error.value.field == "enrolment_capacity_per_month"
