"""The dashboards: what each role sees, the headline figures with their
change since the month before, the ranked places, the league table and the
chart data, all from the real indicators over data made by the services."""

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.bpjs.claim_services import ClaimData, claim_record
from peduli.core.charts.model import PALETTE, SEQUENTIAL
from peduli.core.months import YearMonth
from peduli.regions.boundaries import boundaries_load
from peduli.regions.models import Region
from peduli.reporting.baselines.services import baseline_set
from peduli.reporting.coverage.snapshots import snapshots_refresh
from peduli.reporting.dashboards.charts import TREND_START
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.support.clients import client_for
from tests.support.clock import first_day_overdue
from tests.support.records.ledger import pay

NOW = YearMonth.current()
BEFORE = NOW - 1


def square(code: str, x: float) -> dict[str, Any]:
    ring = [[x, -7.0], [x + 0.05, -7.0], [x + 0.05, -6.95], [x, -6.95], [x, -7.0]]
    return {"type": "Feature", "properties": {"code": code}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


@pytest.fixture
def programme(
    kendal: Region, agencies: dict[str, Agency], nurse: Sponsor, company: Sponsor, worker_factory: Callable[..., Worker]
) -> Region:
    """Last month the nurse (health office) covered one worker in Plantungan;
    this month the company adds two in Kendal; 1,000 informal workers, 600 of
    them in Plantungan."""
    for year in {NOW.year, BEFORE.year}:
        for district, informal in (("33.24.01", 600), ("33.24.15", 400)):
            baseline_set(
                actor=None,
                regency=kendal,
                district=Region.objects.get(code=district),
                year=year,
                informal_workers=informal,
                source="BPS",
            )
    sponsorship_start(actor=None, sponsor=nurse, worker=worker_factory("33.24.01.2001"), start=BEFORE)
    pay(nurse, 2 * 16_800, "GAJI-1")
    for _ in range(2):
        sponsorship_start(actor=None, sponsor=company, worker=worker_factory("33.24.15.1001"), start=NOW)
    pay(company, 2 * 16_800, "CSR-1")
    snapshots_refresh(regency=kendal, force=True)
    return kendal


def cards_of(response: Any) -> dict[str, Any]:
    return {str(card.label): card for card in response.context["cards"]}


def test_the_regency_dashboard_shows_the_headline_figures_and_their_change(programme: Region, admin: User) -> None:
    response = client_for(admin).get(f"/laporan/?bulan={NOW}")

    assert response.status_code == 200
    cards = cards_of(response)
    protected = cards["Pekerja terlindungi"]
    assert (protected.value, protected.change.delta, protected.change.direction) == (3, 2, "up")
    assert protected.change.good is True
    coverage = cards["Cakupan pekerja informal"]
    assert coverage.value == Decimal("0.30") and coverage.change.delta == Decimal("0.20")
    assert cards["Pekerja dibiayai ASN"].value == 1 and cards["Pekerja dibiayai ASN"].change.direction == "same"
    agencies = cards["OPD berpartisipasi"]
    assert (agencies.value, agencies.total) == (1, 3)
    html = response.content.decode()
    # The change is told in words and an arrow, not colour alone.
    assert "naik 2" in html and "naik 0,20 poin" in html
    assert f"dari {BEFORE.label}" in html


@pytest.mark.calendar
def test_a_rise_in_arrears_is_shown_as_bad_news(
    programme: Region, admin: User, company: Sponsor, worker_factory: Callable[..., Worker], today: Callable[..., date]
) -> None:
    today(first_day_overdue(NOW))
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory("33.24.15.1001"), start=NOW)  # unpaid
    snapshots_refresh(regency=programme, force=True)

    response = client_for(admin).get(f"/laporan/?bulan={NOW}")

    arrears = cards_of(response)["Tunggakan iuran"]
    assert arrears.value == 16_800 and arrears.change.direction == "up"
    assert arrears.change.good is False
    assert "memburuk" in response.content.decode()


def test_districts_are_ranked_by_coverage_for_the_chart_and_the_table(programme: Region, admin: User) -> None:
    response = client_for(admin).get(f"/laporan/?bulan={NOW}")

    places = response.context["chart_data"]["places"]
    assert places["metric"] == "percent"
    top = places["places"][:2]
    assert [(p["code"], p["pct"], p["protected"]) for p in top] == [("33.24.15", 0.5, 2), ("33.24.01", 0.17, 1)]
    assert len(places["places"]) == 20
    assert places["places"][0]["link"] == f"/laporan/kecamatan/33.24.15/?bulan={NOW}"
    assert places["places"][0]["note"] == "0,50% (2 dari 400)"
    # The bars and the map share one colour scale in five equal classes up to the best place.
    assert [p["colour"] for p in places["places"][:2]] == [SEQUENTIAL[4], SEQUENTIAL[1]]  # 0.17 / 0.5 → class 1
    bars = response.context["charts"]["places"]
    assert bars["data"]["datasets"][0]["backgroundColor"] == [p["colour"] for p in places["places"]]
    assert bars["peduliLinks"] == [p["link"] for p in places["places"]]
    assert 'href="/laporan/kecamatan/33.24.15/?bulan=' in response.content.decode()


def test_the_agency_league_ranks_participation(programme: Region, admin: User) -> None:
    response = client_for(admin).get(f"/laporan/?bulan={NOW}")

    league = [(rank, row.agency.code, row.workers_covered) for rank, row in response.context["agencies"]]
    assert league[0] == (1, "DINKES", 1)
    # Agencies with nothing share the next rank.
    assert {rank for rank, code, covered in league[1:]} == {2}


def test_the_charts_are_embedded_as_chartjs_configurations_with_the_trend_since_2022_and_the_targets(
    programme: Region, admin: User
) -> None:
    response = client_for(admin).get(f"/laporan/?bulan={NOW}")

    html = response.content.decode()

    def embedded(name: str) -> dict[str, Any]:
        start = html.index(f'<script id="{name}" type="application/json">')
        loaded: dict[str, Any] = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
        return loaded

    trend = embedded("trend-config")
    coverage, trajectory, targets = (d["data"] for d in trend["data"]["datasets"])
    assert trend["options"]["scales"]["x"]["min"] == 2022
    assert coverage[0]["label"] == YearMonth(NOW.year, 1).label  # from the first month with a baseline
    assert coverage[-1]["y"] == 0.3 and coverage[-1]["label"] == NOW.label
    assert {t["label"]: t["y"] for t in targets} == {"Akhir 2029": 51.64, "Akhir 2045": 64.74}
    assert trajectory[-1]["y"] == 64.74
    assert [r["text"] for r in trend["peduliReferences"]] == ["Target 2029: 51,64%", "Target 2045: 64,74%"]
    # Up to 2029 at first; the 2045 button widens both axes.
    assert [(r["until"], r["xMax"], r["yMax"]) for r in trend["peduliRanges"]] == [(2029, 2030, 60), (2045, 2046, 70)]
    assert trend["options"]["scales"]["x"]["max"] == 2030
    funding = embedded("funding-config")
    assert funding["data"]["labels"] == ["CSR perusahaan", "ASN"]
    assert funding["data"]["datasets"][0]["backgroundColor"][0] == PALETTE[0]
    assert "boundaries" not in embedded("dashboard-data")
    assert 'data-chart="trend-config"' in html and "core/charts.js" in html
    assert "vendor/chartjs/chart.umd" in html and "vendor/leaflet/leaflet.js" not in html


def test_the_map_comes_with_the_district_outlines_once_loaded(programme: Region, admin: User) -> None:
    boundaries_load(
        actor=admin,
        geojson={"type": "FeatureCollection", "features": [square("33.24.01", 110.0), square("33.24.15", 110.1)]},
        source="uji",
    )

    response = client_for(admin).get(f"/laporan/?bulan={NOW}")

    outlines = response.context["chart_data"]["boundaries"]
    assert [f["properties"]["code"] for f in outlines["features"]] == ["33.24.01", "33.24.15"]
    html = response.content.decode()
    assert 'id="places-map"' in html and "vendor/leaflet/leaflet.js" in html


def test_progress_to_target_says_the_gap_and_the_monthly_pace_needed(programme: Region, admin: User) -> None:
    response = client_for(admin).get(f"/laporan/?bulan={NOW}")

    target = response.context["now"].target(2029)
    assert target.gap_workers == 517 - 3  # 51.64% of 1,000, rounded up
    html = response.content.decode()
    assert "kurang <strong>514</strong>" in html
    assert f"bersih <strong>{target.workers_needed_per_month}</strong> pekerja per bulan" in html


def test_a_district_operator_lands_on_their_district_and_sees_its_villages(
    programme: Region, user_factory: Callable[..., User]
) -> None:
    operator = user_factory("district_operator", district=Region.objects.get(code="33.24.15"))
    client = client_for(operator)

    landing = client.get(f"/laporan/?bulan={NOW}")
    assert landing.status_code == 302 and landing["Location"] == f"/laporan/kecamatan/33.24.15/?bulan={NOW}"

    response = client.get(landing["Location"])
    assert response.status_code == 200
    assert cards_of(response)["Pekerja terlindungi"].value == 2
    villages = response.context["chart_data"]["places"]["places"]
    assert villages[0]["code"] == "33.24.15.1001" and villages[0]["protected"] == 2
    assert client.get("/laporan/kecamatan/33.24.01/").status_code == 404


def test_an_agency_operator_lands_on_their_agency(
    programme: Region, user_factory: Callable[..., User], agencies: dict[str, Agency]
) -> None:
    operator = user_factory("agency_operator", agency=agencies["dinkes"])
    client = client_for(operator)

    landing = client.get("/laporan/")
    assert landing.status_code == 302 and landing["Location"] == "/laporan/opd/DINKES/"

    response = client.get(f"/laporan/opd/DINKES/?bulan={NOW}")
    cards = cards_of(response)
    assert cards["ASN donatur"].value == 1 and cards["Pekerja dibiayai ASN"].value == 1
    covered, participation = response.context["charts"]["trend"]["data"]["datasets"]
    assert [p["y"] for p in covered["data"][-2:]] == [1, 1] and covered["yAxisID"] == "y"
    assert participation["yAxisID"] == "y1" and response.context["charts"]["trend"]["peduliUnits"]["y1"] == "percent"
    assert client.get("/laporan/opd/DISDIK/").status_code == 404


def test_the_leader_may_pick_any_district(programme: Region, user_factory: Callable[..., User]) -> None:
    client = client_for(user_factory("leader"))

    picked = client.get(f"/laporan/?kecamatan=33.24.01&bulan={NOW}")
    assert picked["Location"] == f"/laporan/kecamatan/33.24.01/?bulan={NOW}"
    plantungan = cards_of(client.get(picked["Location"]))
    # The nurse works in the regency's health office; her worker lives here.
    assert plantungan["Pekerja dibiayai ASN"].value == 1
    assert "Partisipasi ASN kecamatan" not in plantungan  # no sub-district office on the roster
    assert client.get("/laporan/opd/DISDIK/").status_code == 200
    assert client.get("/laporan/kecamatan/99.99/").status_code == 404


def test_civil_servants_and_partners_have_no_dashboard(
    programme: Region, user_factory: Callable[..., User], nurse: Sponsor
) -> None:
    civil_servant = user_factory("civil_servant", civil_servant=nurse.civil_servant)
    assert client_for(civil_servant).get("/laporan/").status_code == 403
    assert client_for(user_factory("csr_partner")).get("/laporan/").status_code == 403


def test_an_unreadable_or_future_month_falls_back_to_the_current_one(programme: Region, admin: User) -> None:
    client = client_for(admin)
    unreadable = client.get("/laporan/?bulan=kemarin")
    assert unreadable.context["month"] == NOW
    assert [str(m) for m in unreadable.context["messages"]] == [
        "Tulis bulan sebagai TTTT-BB, misalnya 2025-06 (diberikan: kemarin)."
    ]
    assert client.get(f"/laporan/?bulan={NOW + 3}").context["month"] == NOW
    assert client.get("/laporan/?bulan=2019-01").context["month"] == TREND_START  # the trend's first month


def test_the_leaders_home_and_menu_lead_to_the_dashboard(programme: Region, user_factory: Callable[..., User]) -> None:
    html = client_for(user_factory("leader")).get("/").content.decode()
    assert html.count('href="/laporan/"') == 2  # the menu item and the button on the home page
    assert "Dasbor Capaian" in html


def test_the_impact_of_claims_shows_for_the_leader_and_not_for_an_agency(
    programme: Region,
    user_factory: Callable[..., User],
    worker_factory: Callable[..., Worker],
    agencies: dict[str, Agency],
) -> None:
    worker = worker_factory("33.24.15.1001")
    paid_jkm = ClaimData(
        reference="JKM-1", nik=worker.nik, kind="jkm", incident_date=date.today(),
        status="paid", amount_paid=42_000_000, paid_on=date.today(),
    )  # fmt: skip
    claim_record(actor=None, data=paid_jkm)
    leader = client_for(user_factory("leader"))

    regency = leader.get(f"/laporan/?bulan={NOW}")
    assert regency.context["impact"].families_helped == 1
    assert "Rp 42.000.000" in regency.content.decode() and "keluarga terbantu" in regency.content.decode()
    assert leader.get(f"/laporan/kecamatan/33.24.01/?bulan={NOW}").context["impact"].families_helped == 0
    assert leader.get(f"/laporan/opd/DINKES/?bulan={NOW}").context["impact"] is None
    operator = client_for(user_factory("district_operator", district=Region.objects.get(code="33.24.15")))
    assert "keluarga terbantu" not in operator.get(f"/laporan/kecamatan/33.24.15/?bulan={NOW}").content.decode()
