"""The Kendal demo's denominators and targets: 338,681 informal workers in
2025 over the 20 districts, split by population and adding up exactly, and
the RPJMD 2029 / RPJPD 2045 targets; loading twice changes nothing."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from peduli.demo.baselines import INFORMAL_WORKERS, POPULATION, SOURCE, demo_baselines_load, split_by_weight
from peduli.regions.models import Region
from peduli.reporting.baselines.selectors import baseline_warnings, informal_workers_for
from peduli.reporting.models import InformalWorkerBaseline, Target


def test_the_demo_gives_kendal_its_2025_denominator_and_targets(kendal: Region) -> None:
    demo_baselines_load(regency=kendal)
    first = dict(InformalWorkerBaseline.objects.values_list("district_id", "informal_workers"))
    demo_baselines_load(regency=kendal)

    assert dict(InformalWorkerBaseline.objects.values_list("district_id", "informal_workers")) == first
    assert len(first) == 20 and None not in first
    assert informal_workers_for(regency=kendal, year=2025) == (338_681, SOURCE)
    # Boja, the most populous district, has the most; Plantungan, the least populous, the fewest.
    assert max(first, key=first.__getitem__) == "33.24.07"
    assert min(first, key=first.__getitem__) == "33.24.01"
    assert baseline_warnings(regency=kendal, year=2025) == []
    assert list(Target.objects.values_list("year", "coverage_pct", "legal_source")) == [
        (2029, Decimal("51.64"), "RPJMD Kabupaten Kendal 2025–2029"),
        (2045, Decimal("64.74"), "RPJPD Kabupaten Kendal 2025–2045"),
    ]


def test_the_split_follows_population_to_within_one_worker() -> None:
    shares = split_by_weight(INFORMAL_WORKERS, POPULATION)
    whole = sum(POPULATION.values())
    assert sum(shares.values()) == INFORMAL_WORKERS
    assert all(abs(shares[k] - INFORMAL_WORKERS * POPULATION[k] / whole) < 1 for k in POPULATION)


@given(st.integers(0, 10**7), st.dictionaries(st.text(min_size=1, max_size=3), st.integers(1, 1000), min_size=1))
def test_any_split_adds_up_exactly(total: int, weights: dict[str, int]) -> None:
    assert sum(split_by_weight(total, weights).values()) == total
