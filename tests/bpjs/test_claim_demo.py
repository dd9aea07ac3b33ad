"""The demo's claims: recorded through the claim service for sponsored demo workers, once."""

from collections.abc import Callable
from datetime import date

import pytest

from peduli.bpjs.claim_selectors import claims_impact
from peduli.bpjs.models import Claim
from peduli.core.months import YearMonth
from peduli.demo.bpjs_claims import CLAIMS, demo_claims_load
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker


@pytest.mark.django_db
def test_the_demo_records_its_claims_once_for_sponsored_workers(
    worker_factory: Callable[..., Worker], company: Sponsor
) -> None:
    for _ in range(12):
        sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=YearMonth(2024, 1))
    today = date(2025, 6, 30)

    first = demo_claims_load(today=today)
    again = demo_claims_load(today=today)

    assert (len(first), again) == (len(CLAIMS), [])
    assert {claim.kind for claim in first} == {"jkk", "jkm"}
    assert all(claim.worker is not None and claim.funding_source == "csr" for claim in first)
    impact = claims_impact(regency_id="33.24", first=None, last=YearMonth.of(today))
    assert impact.scholarship_children == 3
    assert impact.families_helped == Claim.objects.filter(status="paid").count() == 7
