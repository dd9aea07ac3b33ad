"""The coverage denominator as the indicators read it, the shares Peduli
computes, and the figures that do not add up."""

from collections.abc import Callable
from decimal import Decimal

import pytest

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.regions.models import Region
from peduli.reporting.baselines.selectors import (
    baseline_queryset_for,
    baseline_warnings,
    baseline_years_for,
    informal_workers_by_district,
    informal_workers_for,
)
from peduli.reporting.baselines.services import baseline_set

SOURCE = "BPS Kendal"


def put(kendal: Region, code: str | None, year: int, workers: int, stated: str | None = None, source: str = SOURCE):
    district = Region.objects.get(code=code) if code else None
    return baseline_set(
        actor=None, regency=kendal, district=district, year=year, informal_workers=workers, source=source,
        stated_share_pct=Decimal(stated) if stated else None,
    )  # fmt: skip


def all_districts(kendal: Region, year: int, workers: list[int], stated: list[str] | None = None) -> None:
    codes = Region.objects.filter(parent=kendal).order_by("code").values_list("code", flat=True)
    for n, (code, count) in enumerate(zip(codes, workers, strict=True)):
        put(kendal, code, year, count, stated[n] if stated else None)


def test_a_district_reads_its_own_row_of_the_year(kendal: Region) -> None:
    put(kendal, "33.24.01", 2024, 9_000, source="BPS 2023")
    put(kendal, "33.24.01", 2025, 10_000, source="BPS 2024")
    district = Region.objects.get(code="33.24.01")
    assert informal_workers_for(regency=kendal, district=district, year=2025) == (10_000, "BPS 2024")
    assert informal_workers_for(regency=kendal, district=district, year=2024) == (9_000, "BPS 2023")


def test_a_missing_year_takes_the_latest_earlier_one_and_says_so(kendal: Region) -> None:
    put(kendal, "33.24.01", 2024, 9_000, source="BPS 2024")
    count, source = informal_workers_for(regency=kendal, district=Region.objects.get(code="33.24.01"), year=2026)
    assert count == 9_000
    assert source == "BPS 2024; angka tahun 2024, tahun terakhir yang tersedia"


def test_the_district_ranking_reads_every_district_as_informal_workers_for_does(kendal: Region) -> None:
    put(kendal, "33.24.01", 2024, 900)
    put(kendal, "33.24.01", 2025, 1_000)
    put(kendal, "33.24.02", 2023, 700)  # nothing later: 2023's figure stands
    put(kendal, "33.24.03", 2026, 500)  # only after the year: no figure yet
    put(kendal, None, 2025, 5_000)  # the regency's own row is no district's

    by_district = informal_workers_by_district(regency=kendal, year=2025)

    assert by_district == {"33.24.01": 1_000, "33.24.02": 700}
    for code in ("33.24.01", "33.24.02", "33.24.03"):
        district = Region.objects.get(code=code)
        assert by_district.get(code) == informal_workers_for(regency=kendal, district=district, year=2025)[0]


def test_nothing_before_the_year_means_no_denominator(kendal: Region) -> None:
    put(kendal, None, 2025, 338_681)
    assert informal_workers_for(regency=kendal, year=2024) == (None, "")
    assert informal_workers_for(regency=kendal, district=Region.objects.get(code="33.24.02"), year=2025) == (None, "")


def test_the_regency_is_the_sum_of_its_districts_when_any_is_entered(kendal: Region) -> None:
    put(kendal, None, 2025, 338_681, source="BPS kabupaten")
    assert informal_workers_for(regency=kendal, year=2025) == (338_681, "BPS kabupaten")
    put(kendal, "33.24.01", 2025, 10_000, source="BPS kecamatan")
    put(kendal, "33.24.02", 2025, 12_000, source="BPS kecamatan")
    assert informal_workers_for(regency=kendal, year=2025) == (22_000, "BPS kecamatan")
    # Another year with only the regency's own row uses that row.
    put(kendal, None, 2026, 340_000, source="BPS kabupaten")
    assert informal_workers_for(regency=kendal, year=2026) == (340_000, "BPS kabupaten")


def test_consistent_figures_raise_no_warning(kendal: Region) -> None:
    counts = [10_000] * 20
    all_districts(kendal, 2025, counts, ["5.00"] * 20)
    put(kendal, None, 2025, 200_000)
    assert baseline_warnings(regency=kendal, year=2025) == []


def test_stated_shares_summing_to_101_percent_are_flagged(kendal: Region) -> None:
    all_districts(kendal, 2025, [10_000] * 20, ["5.05"] * 20)
    warnings = baseline_warnings(regency=kendal, year=2025)
    assert warnings[0] == "Tahun 2025: persentase yang tertulis di sumber berjumlah 101,00%, bukan 100%."
    # Each share is also 0.05 pt off its computed 5.00%: within rounding, not flagged one by one.
    assert len(warnings) == 1


def test_rounding_of_twenty_printed_shares_is_not_flagged(kendal: Region) -> None:
    # 20 shares of 100/20 printed as 5.00 but one as 5.04: the sum is 100.04, within half a digit each.
    stated = ["5.00"] * 19 + ["5.04"]
    all_districts(kendal, 2025, [10_000] * 20, stated)
    assert baseline_warnings(regency=kendal, year=2025) == []


def test_a_stated_share_that_is_not_count_over_total_is_flagged(kendal: Region) -> None:
    stated = ["5.00"] * 20
    stated[0], stated[1] = "5.10", "4.90"
    all_districts(kendal, 2025, [10_000] * 20, stated)
    assert baseline_warnings(regency=kendal, year=2025) == [
        "Tahun 2025, Kec. Plantungan: persentase tertulis 5,10%, padahal 10.000 dari 200.000 adalah 5,00%.",
        "Tahun 2025, Kec. Pageruyung: persentase tertulis 4,90%, padahal 10.000 dari 200.000 adalah 5,00%.",
    ]


def test_districts_that_do_not_add_up_to_the_regency_row_are_flagged(kendal: Region) -> None:
    all_districts(kendal, 2025, [10_000] * 20)
    put(kendal, None, 2025, 201_500)
    assert baseline_warnings(regency=kendal, year=2025) == [
        "Tahun 2025: jumlah angka kecamatan (200.000) tidak sama dengan angka kabupaten (201.500), selisih 1.500. "
        "Peduli memakai jumlah kecamatan."
    ]


def test_missing_districts_are_flagged_and_shares_wait_for_them(kendal: Region) -> None:
    put(kendal, "33.24.01", 2025, 10_000, "50.00")
    assert baseline_warnings(regency=kendal, year=2025) == [
        "Tahun 2025: baru 1 dari 20 kecamatan yang berisi angka; angka kabupaten dihitung dari kecamatan yang ada saja."
    ]


def test_the_page_shows_computed_shares_per_year_latest_first(kendal: Region, admin: User) -> None:
    all_districts(kendal, 2025, [30_000] + [10_000] * 19, ["9.99"] + [None] * 19)  # type: ignore[list-item]
    put(kendal, None, 2024, 300_000)
    years = baseline_years_for(admin, regency=kendal)
    assert [y.year for y in years] == [2025, 2024]
    latest = years[0]
    assert latest.regency_workers == 220_000
    assert latest.lines[0].share_pct == Decimal("13.64")  # 30,000 of 220,000; the file's 9.99 is not used
    assert any("Plantungan: persentase tertulis 9,99%" in w for w in latest.warnings)
    assert years[1].lines[0].share_pct is None and years[1].regency_workers == 300_000


@pytest.mark.parametrize(("role", "sees"), [("regency_admin", True), ("leader", True), ("agency_operator", False)])
def test_the_labour_office_and_the_leader_read_baselines(
    kendal: Region, agencies: dict[str, Agency], user_factory: Callable[..., User], role: str, sees: bool
) -> None:
    put(kendal, None, 2025, 338_681)
    place = {"agency": agencies["dinkes"]} if role == "agency_operator" else {}
    assert baseline_queryset_for(user_factory(role, **place)).exists() is sees
