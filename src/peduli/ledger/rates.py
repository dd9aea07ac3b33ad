"""The premium rules of BPJS Ketenagakerjaan for non-wage (BPU) members."""

from datetime import date
from typing import Any

# PP 44/2015 as amended by PP 82/2019: JKK 1% of the declared income, JKM a
# flat Rp 6,800, optional JHT 2%; the lowest income band is Rp 1,000,000.
DEFAULT_SCHEDULE = {
    "effective_from": date(2015, 7, 1),
    "jkk_rate_bp": 100,
    "jkm_amount": 6_800,
    "jht_rate_bp": 200,
    "minimum_income": 1_000_000,
    "legal_basis": "PP 44/2015 jo. PP 82/2019; Permenaker 5/2021",
}
# The declared-income bands a sponsor may choose (Rp per month).
INCOME_BANDS = (1_000_000, 1_500_000, 2_000_000, 2_500_000, 3_000_000, 3_500_000, 4_000_000, 5_000_000)
DEFAULT_PREMIUM = 16_800


def rate_schedule_ensure(model: Any) -> None:
    """Give a new instance the default schedule (migrations and test fixtures)."""
    model.objects.get_or_create(effective_from=DEFAULT_SCHEDULE["effective_from"], defaults=DEFAULT_SCHEDULE)
