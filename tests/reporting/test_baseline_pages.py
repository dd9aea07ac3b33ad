"""The baseline and target page (/laporan/dasar/): what the labour office and
the leader see, the forms that record and correct figures, and the import
wizard showing what does not add up."""

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.imports.models import ImportBatch
from peduli.regions.models import Region
from peduli.reporting.baselines.services import baseline_set, target_set
from peduli.reporting.models import InformalWorkerBaseline, Target
from tests.support.clients import client_for
from tests.support.files import write_xlsx
from tests.support.records.baselines import HEADERS, bps_table

PAGE = reverse("reporting:baseline_list")


@pytest.fixture
def figures(kendal: Region) -> None:
    for code, workers, stated in (("33.24.01", 30_000, "9.99"), ("33.24.02", 10_000, None)):
        baseline_set(
            actor=None, regency=kendal, district=Region.objects.get(code=code), year=2025, informal_workers=workers,
            source="BPS Kendal 2024", stated_share_pct=Decimal(stated) if stated else None,
        )  # fmt: skip
    baseline_set(actor=None, regency=kendal, district=None, year=2024, informal_workers=300_000, source="BPS 2023")
    target_set(actor=None, regency=kendal, year=2029, coverage_pct=Decimal("51.64"), legal_source="RPJMD 2025–2029")


def test_the_leader_reads_figures_shares_warnings_and_targets_without_edit_buttons(
    figures: None, user_factory: Callable[..., User]
) -> None:
    response = client_for(user_factory("leader")).get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "40.000 pekerja informal" in html
    assert "75,00%" in html  # 30,000 of 40,000, computed; the source's 9.99% is only shown beside it
    assert "baru 2 dari 20 kecamatan" in html
    assert "RPJMD 2025–2029" in html and "51,64%" in html
    assert 'id="trajectory"' in html
    assert reverse("reporting:baseline_create") not in html
    assert "Target &amp; Data Dasar" in html  # the menu item


@pytest.mark.parametrize("role", ["agency_operator", "csr_partner", "bpjs_officer"])
def test_other_roles_may_not_open_the_page(
    figures: None, user_factory: Callable[..., User], agencies: dict[str, Agency], role: str
) -> None:
    place = {"agency": agencies["dinkes"]} if role == "agency_operator" else {}
    assert client_for(user_factory(role, **place)).get(PAGE).status_code == 403


def test_the_leader_may_not_change_anything(figures: None, user_factory: Callable[..., User]) -> None:
    client = client_for(user_factory("leader"))
    row = InformalWorkerBaseline.objects.first()
    assert row is not None
    assert client.get(reverse("reporting:baseline_create")).status_code == 403
    assert client.post(reverse("reporting:baseline_delete", args=[row.pk])).status_code == 403
    assert InformalWorkerBaseline.objects.count() == 3


def test_the_admin_records_a_district_figure_in_indonesian_number_format(figures: None, admin: User) -> None:
    response = client_for(admin).post(
        reverse("reporting:baseline_create"),
        {"district": "33.24.03", "year": "2025", "informal_workers": "12000", "source": "BPS",
         "stated_share_pct": "23,08"},
    )  # fmt: skip
    assert response.status_code == 302
    row = InformalWorkerBaseline.objects.get(district_id="33.24.03")
    assert (row.informal_workers, row.stated_share_pct, row.recorded_by) == (12_000, Decimal("23.08"), admin)


def test_a_refusal_of_the_service_is_shown_beside_its_field(figures: None, admin: User) -> None:
    response = client_for(admin).post(
        reverse("reporting:baseline_create"), {"district": "", "year": "1990", "informal_workers": "5", "source": "x"}
    )
    assert response.status_code == 200
    assert "Tahun harus antara 2000" in response.content.decode()
    assert response.context["form"].errors["year"]


def test_correcting_a_figure_keeps_its_place_and_year(figures: None, admin: User) -> None:
    row = InformalWorkerBaseline.objects.get(district_id="33.24.02")
    client = client_for(admin)
    form = client.get(reverse("reporting:baseline_update", args=[row.pk])).content.decode()
    assert "Ubah angka Kec. Pageruyung 2025" in form and 'value="10000"' in form
    assert reverse("reporting:baseline_delete", args=[row.pk]) in form
    # A changed district or year in the post is ignored: the form's fields are fixed.
    client.post(
        reverse("reporting:baseline_update", args=[row.pk]),
        {"district": "33.24.05", "year": "2024", "informal_workers": "11000", "source": "BPS revisi"},
    )
    row.refresh_from_db()
    assert (row.district_id, row.year, row.informal_workers, row.source) == ("33.24.02", 2025, 11_000, "BPS revisi")
    client.post(reverse("reporting:baseline_delete", args=[row.pk]))
    assert not InformalWorkerBaseline.objects.filter(pk=row.pk).exists()


def test_the_admin_adds_corrects_and_deletes_a_target(figures: None, admin: User) -> None:
    client = client_for(admin)
    client.post(
        reverse("reporting:baseline_target_create"),
        {"year": "2045", "coverage_pct": "64,74", "legal_source": "RPJPD Kabupaten Kendal 2025–2045"},
    )
    target = Target.objects.get(year=2045)
    assert target.coverage_pct == Decimal("64.74")
    client.post(
        reverse("reporting:baseline_target_update", args=[target.pk]),
        {"year": "2030", "coverage_pct": "65", "legal_source": "RPJPD 2025–2045"},
    )
    target.refresh_from_db()
    assert (target.year, target.coverage_pct) == (2045, Decimal("65.00"))
    client.post(reverse("reporting:baseline_target_delete", args=[target.pk]))
    assert list(Target.objects.values_list("year", flat=True)) == [2029]


def test_the_import_wizard_checks_a_file_and_shows_what_does_not_add_up(
    kendal: Region, admin: User, tmp_path: Path
) -> None:
    rows = bps_table(kendal, share="5,05")
    path = write_xlsx(tmp_path / "bps.xlsx", rows, HEADERS)
    client = client_for(admin)
    upload = SimpleUploadedFile("bps.xlsx", path.read_bytes())
    response = client.post(reverse("reporting:baseline_import_list"), {"file": upload})
    batch = ImportBatch.objects.get(kind="baselines")
    assert response.status_code == 302 and batch.dry_run and batch.status == ImportBatch.Status.DONE
    detail = client.get(reverse("reporting:baseline_import_detail", args=[batch.pk])).content.decode()
    assert "berjumlah 101,00%, bukan 100%" in detail
    assert not InformalWorkerBaseline.objects.exists()
    client.post(reverse("reporting:baseline_import_confirm", args=[batch.pk]))
    assert InformalWorkerBaseline.objects.count() == 21
    assert "berjumlah 101,00%" in client.get(PAGE).content.decode()
