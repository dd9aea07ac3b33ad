"""The dashboards in a real browser: the charts draw (a canvas each, no
JavaScript error), the district map draws once outlines are loaded with its
legend beside the outlines (below the map on a phone), and a
360 px phone shows it all without sideways scrolling. Screenshots land in
screenshots/ for a human to look at."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.core.months import YearMonth
from peduli.demo.boundaries import DATA
from peduli.regions.boundaries import boundaries_load
from peduli.regions.models import Region
from peduli.reporting.baselines.services import baseline_set
from peduli.reporting.coverage.snapshots import snapshots_refresh
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.support.browser import BROWSER_MARKS, PASSWORD, SHOTS, WIDEST, log_in, no_horizontal_overflow
from tests.support.records.ledger import pay

pytestmark = BROWSER_MARKS
NOW = YearMonth.current()
# The real outlines, as the demo ships them.
KENDAL_DISTRICTS = DATA / "kendal-districts.geojson"
# Where the legend and the outlines lie on the page, in CSS pixels.
MAP_BOXES = """() => {
  const box = e => {
    const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  };
  const paths = [...document.querySelectorAll('#places-map path.leaflet-interactive')].map(box);
  return {map: box(document.getElementById('places-map')), legend: box(document.querySelector('.map-legend')),
          right: Math.max(...paths.map(p => p.right)), left: Math.min(...paths.map(p => p.left))};
}"""


def district_outlines() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(KENDAL_DISTRICTS.read_text())
    return loaded


def programme(kendal: Region, company: Sponsor, nurse: Sponsor, worker_factory: Callable[..., Worker]) -> None:
    """Coverage that differs from district to district, over a few months."""
    districts = list(Region.objects.filter(parent=kendal).order_by("code"))
    for district in districts:
        baseline_set(actor=None, regency=kendal, district=district, year=NOW.year, informal_workers=40, source="BPS")
    paid = 0
    for n, district in enumerate(districts[:8]):
        village = Region.objects.filter(parent=district).order_by("code").first()
        assert village is not None
        for k in range(8 - n):
            sponsor = nurse if k == 0 else company
            start = NOW - (k % 4)
            sponsorship_start(actor=None, sponsor=sponsor, worker=worker_factory(village.code), start=start)
            if sponsor == company:
                paid += NOW.index - start.index + 1
    pay(company, paid * 16_800, "CSR-1")
    pay(nurse, 8 * 16_800, "GAJI-1")
    snapshots_refresh(regency=kendal, force=True)


def watch_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_draws_its_charts_and_the_map_on_desktop_and_phone(
    live_server: LiveServer,
    browser: Browser,
    kendal: Region,
    agencies: dict[str, Agency],
    company: Sponsor,
    nurse: Sponsor,
    worker_factory: Callable[..., Worker],
    user_factory: Callable[..., User],
) -> None:
    SHOTS.mkdir(exist_ok=True)
    programme(kendal, company, nurse, worker_factory)
    leader = user_factory("leader")

    page = browser.new_page(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    errors = watch_errors(page)
    log_in(page, live_server.url, leader.username, PASSWORD)
    page.goto(f"{live_server.url}/laporan/")
    page.get_by_role("heading", name="Dasbor Kabupaten Kendal").wait_for()
    # Charts are not animated for a reader who asked for reduced motion, so the screenshots are final.
    for chart in ("trend-chart", "places-chart", "funding-chart"):
        page.wait_for_function(f"Chart.getChart('{chart}') !== undefined")
    assert page.locator("#places-map").count() == 0  # no outlines yet
    assert errors == []

    admin = user_factory("regency_admin")
    boundaries_load(actor=admin, geojson=district_outlines(), source="uji")
    page.reload()
    page.locator("#places-map path.leaflet-interactive").first.wait_for()
    assert page.locator("#places-map path.leaflet-interactive").count() == 20
    assert page.locator("#places-map img").count() == 0  # no tiles
    # On a wide screen the legend lies over the map's lower right, beside the outlines, not on them.
    boxes = page.evaluate(MAP_BOXES)
    assert boxes["map"]["left"] < boxes["legend"]["left"] and boxes["legend"]["bottom"] <= boxes["map"]["bottom"]
    assert boxes["right"] <= boxes["legend"]["left"], boxes
    page.locator("#places-map").scroll_into_view_if_needed()
    page.locator(".map-frame").screenshot(path=str(SHOTS / "dashboard-map-1280.png"))
    page.get_by_role("button", name="s.d. 2045").click()
    page.wait_for_function("Chart.getChart('trend-chart').options.scales.x.max === 2046")
    page.screenshot(path=str(SHOTS / "dashboard-regency-1280.png"), full_page=True)
    assert errors == []

    phone = browser.new_page(viewport={"width": 360, "height": 740}, reduced_motion="reduce")
    phone_errors = watch_errors(phone)
    log_in(phone, live_server.url, leader.username, PASSWORD)
    phone.goto(f"{live_server.url}/laporan/")
    phone.locator("#places-map path.leaflet-interactive").first.wait_for()
    phone.wait_for_function("Chart.getChart('places-chart') !== undefined")
    assert no_horizontal_overflow(phone), phone.evaluate(WIDEST)
    # Cards stack: each takes the whole width.
    widths = phone.locator(".dashboard-card").evaluate_all("cards => cards.map(c => c.getBoundingClientRect().width)")
    assert min(widths) > 300
    assert phone.evaluate("Chart.getChart('trend-chart').width") <= 340
    phone.screenshot(path=str(SHOTS / "dashboard-regency-360.png"), full_page=True)
    # On a phone the legend lies below the map, and the outlines fit inside it.
    boxes = phone.evaluate(MAP_BOXES)
    assert boxes["legend"]["top"] >= boxes["map"]["bottom"], boxes
    assert boxes["map"]["left"] <= boxes["left"] and boxes["right"] <= boxes["map"]["right"], boxes
    phone.locator(".map-frame").screenshot(path=str(SHOTS / "dashboard-map-360.png"))

    phone.get_by_label("Kecamatan", exact=True).select_option(label="Plantungan")
    phone.get_by_role("heading", name="Dasbor Kec. Plantungan").wait_for()
    phone.wait_for_function("Chart.getChart('places-chart') !== undefined")
    assert no_horizontal_overflow(phone), phone.evaluate(WIDEST)
    phone.screenshot(path=str(SHOTS / "dashboard-district-360.png"), full_page=True)
    assert phone_errors == []

    page.get_by_role("link", name="Dinas Kesehatan").click()
    page.get_by_role("heading", name="Dasbor Dinas Kesehatan").wait_for()
    page.wait_for_function("Chart.getChart('agency-trend-chart') !== undefined")
    page.screenshot(path=str(SHOTS / "dashboard-agency-1280.png"), full_page=True)
    assert errors == []

    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/laporan/")
    page.wait_for_function("Chart.getChart('trend-chart') !== undefined")
    assert not page.locator("aside.sidebar").is_visible()
    page.pdf(path=str(SHOTS / "dashboard-regency-print.pdf"))
