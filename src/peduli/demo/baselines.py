"""Kendal demo denominators and targets: the 338,681 informal workers of
2025 split over the 20 districts by population, and the RPJMD 2029 and RPJPD
2045 coverage targets. Deterministic, and loading it again changes nothing.

The split is a demo: BPS publishes the regency's figure (Sakernas), not one
per district; the district populations are rounded from Kendal Dalam Angka.
"""

from decimal import Decimal

from peduli.regions.models import Region
from peduli.reporting.baselines.services import baseline_set, target_set

YEAR = 2025
INFORMAL_WORKERS = 338_681
SOURCE = "BPS Kabupaten Kendal, Sakernas Agustus 2024 (angka demo)"
# Residents per district, in thousands, by Kemendagri district number.
POPULATION = {
    "01": 34, "02": 38, "03": 64, "04": 52, "05": 56, "06": 37, "07": 79, "08": 61, "09": 53, "10": 41,
    "11": 57, "12": 64, "13": 55, "14": 64, "15": 56, "16": 57, "17": 51, "18": 39, "19": 38, "20": 52,
}  # fmt: skip
TARGETS = (
    (2029, Decimal("51.64"), "RPJMD Kabupaten Kendal 2025–2029"),
    (2045, Decimal("64.74"), "RPJPD Kabupaten Kendal 2025–2045"),
)


def split_by_weight(total: int, weights: dict[str, int]) -> dict[str, int]:
    """`total` shared in proportion to `weights`, in whole numbers that add up
    to it exactly (largest remainders get the leftover ones, ties by key)."""
    whole = sum(weights.values())
    shares = {key: total * weight // whole for key, weight in weights.items()}
    leftover = total - sum(shares.values())
    by_remainder = sorted(weights, key=lambda key: (-(total * weights[key] % whole), key))
    for key in by_remainder[:leftover]:
        shares[key] += 1
    return shares


def demo_baselines_load(*, regency: Region) -> None:
    """Record Kendal's 2025 informal workers per district and its targets."""
    districts = {d.code.rsplit(".", 1)[-1]: d for d in Region.objects.filter(parent=regency)}
    for number, workers in split_by_weight(INFORMAL_WORKERS, POPULATION).items():
        baseline_set(
            actor=None, regency=regency, district=districts[number], year=YEAR, informal_workers=workers,
            source=SOURCE,
        )  # fmt: skip
    for year, pct, legal_source in TARGETS:
        target_set(actor=None, regency=regency, year=year, coverage_pct=pct, legal_source=legal_source)
