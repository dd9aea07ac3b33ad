"""Recording BPJS claims by hand, linking them to Peduli's workers and to who
paid the premium when the incident happened, and what they add up to."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from peduli.accounts.models import User
from peduli.bpjs.claim_selectors import claims_impact
from peduli.bpjs.claim_services import ClaimData, claim_record, claim_update
from peduli.bpjs.models import Claim, Member
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.regions.models import Region
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_end, sponsorship_start
from peduli.workers.models import Worker
from tests.support.records.bpjs_members import nik_for

JUNE = YearMonth(2025, 6)


def _claim(reference: str, nik: str, **extra: Any) -> ClaimData:
    fields: dict[str, Any] = {"kind": "jkm", "incident_date": date(2025, 5, 12)} | extra
    return ClaimData(reference=reference, nik=nik, **fields)


@pytest.mark.django_db
def test_a_claim_of_a_sponsored_worker_takes_the_sponsor_kind_and_the_district(
    worker_factory: Callable[..., Worker], company: Sponsor, admin: User
) -> None:
    worker = worker_factory("33.24.02.2003")
    sponsorship_start(actor=None, sponsor=company, worker=worker, start=YearMonth(2025, 1))

    claim = claim_record(actor=admin, data=_claim(" jkm-001 ", worker.nik))

    assert (claim.reference, claim.worker, claim.district_id, claim.funding_source) == (
        "JKM-001", worker, "33.24.02", "csr",
    )  # fmt: skip
    assert claim.recorded_by == admin


@pytest.mark.django_db
def test_an_incident_outside_any_sponsorship_is_self_paid(
    worker_factory: Callable[..., Worker], company: Sponsor
) -> None:
    worker = worker_factory()
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker, start=YearMonth(2025, 1))
    sponsorship_end(actor=None, sponsorship=sponsorship, last_month=YearMonth(2025, 3), reason="donatur_berhenti")

    before_end = claim_record(actor=None, data=_claim("A-1", worker.nik, incident_date=date(2025, 3, 31)))
    after_end = claim_record(actor=None, data=_claim("A-2", worker.nik, incident_date=date(2025, 4, 1)))

    assert (before_end.funding_source, after_end.funding_source) == ("csr", "mandiri")


@pytest.mark.django_db
def test_a_member_only_on_bpjs_list_is_self_paid_in_the_village_district(kendal: Region) -> None:
    Member.objects.create(
        regency=kendal, nik=nik_for(3), village_id="33.24.05.2001", first_month=date(2025, 1, 1),
        last_month=date(2025, 6, 1),
    )  # fmt: skip

    claim = claim_record(actor=None, data=_claim("B-1", nik_for(3), kind="jkk"))

    assert (claim.worker, claim.district_id, claim.funding_source) == (None, "33.24.05", "mandiri")


@pytest.mark.django_db
def test_a_claim_number_is_recorded_once_and_edited_in_place(kendal: Region) -> None:
    claim = claim_record(actor=None, data=_claim("C-1", nik_for(1)))
    with pytest.raises(ApplicationError, match="sudah tercatat") as refused:
        claim_record(actor=None, data=_claim("c-1", nik_for(1)))
    assert refused.value.field == "reference"

    paid = claim_update(
        actor=None, claim=claim,
        data=_claim("ignored", nik_for(1), status="paid", amount_paid=42_000_000, paid_on=date(2025, 6, 2)),
    )  # fmt: skip

    assert (paid.reference, paid.status, paid.amount_paid) == ("C-1", "paid", 42_000_000)
    assert Claim.objects.count() == 1


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"status": "paid"}, "paid_on"),
        ({"paid_on": date(2025, 6, 1)}, "paid_on"),
        ({"status": "paid", "paid_on": date(2025, 5, 1)}, "paid_on"),
        ({"incident_date": date(2999, 1, 1)}, "incident_date"),
        ({"scholarship_children": 3}, "scholarship_children"),
        ({"amount_paid": -1}, "amount_paid"),
        ({"kind": "jht"}, "kind"),
        ({"nik": "123"}, "nik"),
    ],
)
@pytest.mark.django_db
def test_an_impossible_claim_is_refused_naming_its_field(kendal: Region, extra: dict[str, Any], field: str) -> None:
    data = _claim("D-1", extra.pop("nik", nik_for(1)), **extra)

    with pytest.raises(ApplicationError) as refused:
        claim_record(actor=None, data=data)

    assert refused.value.field == field
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_only_the_labour_office_and_bpjs_record_claims(kendal: Region, user_factory: Callable[..., User]) -> None:
    with pytest.raises(ApplicationError, match="Hanya Disperinaker"):
        claim_record(actor=user_factory("leader"), data=_claim("E-1", nik_for(1)))
    assert claim_record(actor=user_factory("bpjs_officer"), data=_claim("E-1", nik_for(1))).pk


@pytest.mark.django_db
def test_impact_counts_families_money_and_children_of_paid_claims_in_the_period(
    worker_factory: Callable[..., Worker], company: Sponsor, nurse: Sponsor
) -> None:
    csr_worker, asn_worker = worker_factory("33.24.02.2003"), worker_factory("33.24.03.2001")
    sponsorship_start(actor=None, sponsor=company, worker=csr_worker, start=YearMonth(2025, 1))
    sponsorship_start(actor=None, sponsor=nurse, worker=asn_worker, start=YearMonth(2025, 1))
    paid = {"status": "paid", "paid_on": date(2025, 6, 10)}
    claim_record(actor=None, data=_claim("F-1", csr_worker.nik, amount_paid=42_000_000, scholarship_children=2,
                                         **paid))  # fmt: skip
    # The same family's JKK claim before the death: one family, both amounts.
    claim_record(actor=None, data=_claim("F-2", csr_worker.nik, kind="jkk", incident_date=date(2025, 4, 2),
                                         amount_paid=3_000_000, heirs_benefit=500_000, **paid))  # fmt: skip
    claim_record(actor=None, data=_claim("F-3", asn_worker.nik, kind="jkk", amount_paid=7_000_000, **paid))
    claim_record(actor=None, data=_claim("F-4", nik_for(9), amount_paid=42_000_000, status="paid",
                                         incident_date=date(2025, 4, 1), paid_on=date(2025, 4, 30)))  # fmt: skip
    claim_record(actor=None, data=_claim("F-5", nik_for(8)))  # filed, not paid

    june = claims_impact(regency_id="33.24", first=JUNE, last=JUNE)
    everything = claims_impact(regency_id="33.24", first=None, last=JUNE)
    in_district = claims_impact(regency_id="33.24", first=None, last=JUNE, district_id="33.24.03")

    assert (june.families_helped, june.amount_paid, june.scholarship_children) == (2, 52_500_000, 2)
    assert [(s.source, s.families, s.amount) for s in june.by_source] == [
        ("csr", 1, 45_500_000), ("asn", 1, 7_000_000),
    ]  # fmt: skip
    assert [(d.district.code if d.district else None, d.families) for d in june.by_district] == [
        ("33.24.02", 1), ("33.24.03", 1),
    ]  # fmt: skip
    assert (everything.families_helped, everything.amount_paid) == (3, 94_500_000)
    assert str(everything.by_source[0].label) == "CSR perusahaan"
    assert (in_district.families_helped, in_district.amount_paid) == (1, 7_000_000)
