"""Recording the informal-worker counts and coverage targets: who may, what
is refused (in Indonesian), upserts, and the snapshots marked stale."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from peduli.accounts.models import User
from peduli.core.errors import ApplicationError
from peduli.core.models import SnapshotChange
from peduli.regions.models import Region
from peduli.reporting.baselines.services import baseline_delete, baseline_set, target_delete, target_set
from peduli.reporting.models import InformalWorkerBaseline, Target


def district(code: str) -> Region:
    return Region.objects.get(code=code)


def stale_version(regency: Region) -> int:
    """How many changes wait for the snapshot refresh (the task runs on commit,
    which a test's transaction never reaches)."""
    return SnapshotChange.objects.filter(regency=regency, since__isnull=True).count()


def test_setting_a_district_count_twice_corrects_it_and_marks_snapshots_stale(kendal: Region, admin: User) -> None:
    first = baseline_set(
        actor=admin, regency=kendal, district=district("33.24.01"), year=2025, informal_workers=10_000,
        source="  BPS   Kendal 2024 ", stated_share_pct=Decimal("2.95"),
    )  # fmt: skip
    version = stale_version(kendal)
    again = baseline_set(
        actor=admin, regency=kendal, district=district("33.24.01"), year=2025, informal_workers=11_017,
        source="BPS Kendal 2024 (revisi)",
    )  # fmt: skip
    assert again.pk == first.pk
    row = InformalWorkerBaseline.objects.get()
    assert (row.informal_workers, row.source, row.stated_share_pct, row.recorded_by) == (
        11_017, "BPS Kendal 2024 (revisi)", None, admin,
    )  # fmt: skip
    assert first.source == "BPS Kendal 2024"
    assert stale_version(kendal) == version + 1


def test_the_regency_row_and_a_district_row_of_the_same_year_are_separate(kendal: Region) -> None:
    baseline_set(actor=None, regency=kendal, district=None, year=2025, informal_workers=338_681, source="BPS")
    baseline_set(actor=None, regency=kendal, district=None, year=2025, informal_workers=338_000, source="BPS")
    baseline_set(actor=None, regency=kendal, district=district("33.24.02"), year=2025, informal_workers=9, source="BPS")
    assert InformalWorkerBaseline.objects.filter(district__isnull=True).get().informal_workers == 338_000
    assert InformalWorkerBaseline.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"district": "33.74.01"}, "district", "bukan bagian dari Kabupaten Kendal"),
        ({"year": 1999}, "year", "Tahun harus antara 2000"),
        ({"year": 2999}, "year", "Tahun harus antara 2000"),
        ({"informal_workers": 0}, "informal_workers", "lebih dari nol"),
        ({"source": "  "}, "source", "Sumber data wajib diisi"),
        ({"stated_share_pct": Decimal("100.5")}, "stated_share_pct", "antara 0 dan 100"),
        ({"stated_share_pct": Decimal("3.255")}, "stated_share_pct", "dua angka di belakang koma"),
    ],
)
def test_a_baseline_that_cannot_be_right_is_refused_beside_its_field(
    kendal: Region, changes: dict[str, Any], field: str, message: str
) -> None:
    if changes.get("district") == "33.74.01":
        Region.objects.create(code="33.74", name="Kota Semarang", level=Region.Level.REGENCY, parent_id="33")
        Region.objects.create(code="33.74.01", name="Semarang Tengah", level=Region.Level.DISTRICT, parent_id="33.74")
        changes = {"district": district("33.74.01")}
    values: dict[str, Any] = {
        "regency": kendal, "district": district("33.24.01"), "year": 2025, "informal_workers": 100,
        "source": "BPS", "stated_share_pct": None,
    } | changes  # fmt: skip
    with pytest.raises(ApplicationError) as refused:
        baseline_set(actor=None, **values)
    assert refused.value.field == field
    assert message in refused.value.message
    assert not InformalWorkerBaseline.objects.exists()


def test_only_the_labour_office_changes_baselines_and_targets(
    kendal: Region, user_factory: Callable[..., User]
) -> None:
    leader = user_factory("leader")
    with pytest.raises(ApplicationError, match="Hanya admin Disperinaker"):
        baseline_set(actor=leader, regency=kendal, district=None, year=2025, informal_workers=1, source="BPS")
    with pytest.raises(ApplicationError, match="Hanya admin Disperinaker"):
        target_set(actor=leader, regency=kendal, year=2029, coverage_pct=Decimal("51.64"), legal_source="RPJMD")
    target = target_set(actor=None, regency=kendal, year=2029, coverage_pct=Decimal("51.64"), legal_source="RPJMD")
    with pytest.raises(ApplicationError, match="Hanya admin Disperinaker"):
        target_delete(actor=leader, target=target)
    assert Target.objects.count() == 1


def test_deleting_a_baseline_removes_only_that_row(kendal: Region, admin: User) -> None:
    kept = baseline_set(actor=admin, regency=kendal, district=None, year=2024, informal_workers=5, source="BPS")
    gone = baseline_set(actor=admin, regency=kendal, district=None, year=2025, informal_workers=6, source="BPS")
    version = stale_version(kendal)
    baseline_delete(actor=admin, baseline=gone)
    assert list(InformalWorkerBaseline.objects.all()) == [kept]
    assert stale_version(kendal) == version + 1


def test_a_target_is_set_per_year_and_corrected_in_place(kendal: Region, admin: User) -> None:
    target_set(actor=admin, regency=kendal, year=2029, coverage_pct=Decimal("50"), legal_source="RPJMD")
    target = target_set(
        actor=admin, regency=kendal, year=2029, coverage_pct=Decimal("51.64"), legal_source="RPJMD 2025–2029"
    )
    stored = Target.objects.get()
    assert stored.pk == target.pk
    assert (stored.coverage_pct, stored.legal_source) == (Decimal("51.64"), "RPJMD 2025–2029")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"coverage_pct": Decimal("-1")}, "coverage_pct"),
        ({"coverage_pct": Decimal("100.01")}, "coverage_pct"),
        ({"coverage_pct": "lima puluh"}, "coverage_pct"),
        ({"legal_source": ""}, "legal_source"),
        ({"year": 2101}, "year"),
    ],
)
def test_a_target_outside_the_rules_is_refused(kendal: Region, changes: dict[str, Any], field: str) -> None:
    values: dict[str, Any] = {"year": 2029, "coverage_pct": Decimal("51.64"), "legal_source": "RPJMD"} | changes
    with pytest.raises(ApplicationError) as refused:
        target_set(actor=None, regency=kendal, **values)
    assert refused.value.field == field
    assert not Target.objects.exists()


def test_a_target_needs_a_regency_not_a_district(kendal: Region) -> None:
    with pytest.raises(ApplicationError, match="bukan kabupaten/kota"):
        target_set(actor=None, regency=district("33.24.01"), year=2029, coverage_pct=Decimal(1), legal_source="RPJMD")
