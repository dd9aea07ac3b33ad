"""GET /api/v1/reports/monthly and `peduli report`: one document, scoped."""

import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.core.months import YearMonth
from peduli.regions.models import Region
from peduli.reporting.coverage.snapshots import snapshots_refresh
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.support.clients import api_for
from tests.support.records.ledger import pay

NOW = YearMonth.current()
REQUIRED_KEYS = {
    "month", "scope", "civil_servants_total", "civil_servants_sponsoring", "workers_covered_by_civil_servants",
    "civil_servant_participation_pct", "agencies_total", "agencies_participating", "informal_workers",
    "workers_protected", "coverage_pct", "by_funding_source", "target_2029_pct", "target_2045_pct",
    "workers_needed_per_month_2029",
}  # fmt: skip


@pytest.fixture
def one_covered(kendal: Region, nurse: Sponsor, worker_factory: Callable[..., Worker]) -> None:
    sponsorship_start(actor=None, sponsor=nurse, worker=worker_factory(), start=NOW)
    pay(nurse, 16_800, "GAJI-1")
    snapshots_refresh(regency=kendal)


def command_json(*args: str) -> dict[str, Any]:
    output = StringIO()
    call_command("report", "--month", str(NOW), *args, stdout=output)
    document: dict[str, Any] = json.loads(output.getvalue())
    return document


def test_the_api_returns_the_commands_document_with_every_required_key(one_covered: None, admin: User) -> None:
    response = api_for(admin).get("/api/v1/reports/monthly", {"month": str(NOW)})

    assert response.status_code == 200
    document = response.json()
    assert set(document) >= REQUIRED_KEYS
    assert document["workers_covered_by_civil_servants"] == 1
    assert document["by_funding_source"][0]["source"] == "asn"
    command = command_json()
    assert {key: command[key] for key in REQUIRED_KEYS} == {key: document[key] for key in REQUIRED_KEYS}


def test_an_agency_operator_reads_their_agency_and_nothing_wider(
    one_covered: None, user_factory: Callable[..., User], agencies: dict[str, Agency]
) -> None:
    operator = api_for(user_factory("agency_operator", agency=agencies["dinkes"]))

    own = operator.get("/api/v1/reports/monthly/", {"month": str(NOW), "scope": "agency:DINKES"})
    wider = operator.get("/api/v1/reports/monthly/", {"month": str(NOW), "scope": "regency"})
    other = operator.get("/api/v1/reports/monthly/", {"month": str(NOW), "scope": "agency:DISDIK"})

    assert own.status_code == 200 and own.json()["workers_covered_by_civil_servants"] == 1
    assert wider.status_code == 403 and other.status_code == 403


def test_a_bad_month_or_scope_gets_an_indonesian_message(admin: User) -> None:
    bad_month = api_for(admin).get("/api/v1/reports/monthly", {"month": "Juni"})
    bad_scope = api_for(admin).get("/api/v1/reports/monthly", {"scope": "provinsi"})

    assert bad_month.status_code == 400 and "TTTT-BB" in json.dumps(bad_month.json())
    assert bad_scope.status_code == 400 and "Cakupan tidak dikenal" in json.dumps(bad_scope.json())


def test_the_command_refreshes_stale_snapshots_before_it_reads(
    kendal: Region, company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    snapshots_refresh(regency=kendal)
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    pay(company, 16_800, "T-1")

    assert command_json()["workers_protected"] == 1


def test_the_command_writes_files_and_refuses_an_unknown_scope(one_covered: None, tmp_path: Path) -> None:
    call_command("report", "--month", str(NOW), "--format", "json", "-o", str(tmp_path / "r.json"), stdout=StringIO())
    assert json.loads((tmp_path / "r.json").read_text())["scope"] == "regency"
    with pytest.raises(CommandError, match="Cakupan tidak dikenal"):
        call_command("report", "--month", str(NOW), "--scope", "provinsi", stdout=StringIO())
    with pytest.raises(CommandError, match="-o"):
        call_command("report", "--month", str(NOW), "--format", "pdf", stdout=StringIO())
