"""`peduli plan`: one scenario or a comparison, as JSON, xlsx or PDF."""

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from peduli.core.months import YearMonth
from peduli.demo.planner import demo_planner_load
from peduli.regions.models import Region

pytestmark = pytest.mark.django_db


def test_plan_prints_the_yearly_projection_as_json(asn_push: Any, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("plan", str(asn_push.pk))
    document = json.loads(capsys.readouterr().out)
    assert document["scenario"] == asn_push.pk and len(document["years"]) == 21
    assert document["targets"][0]["legal_source"] == "RPJMD 2025–2029"


def test_plan_writes_xlsx_and_pdf_and_compares(asn_push: Any, scenario_factory: Any, tmp_path: Path) -> None:
    status_quo = scenario_factory()
    call_command("plan", str(asn_push.pk), "--format", "xlsx", "-o", str(tmp_path / "a.xlsx"), stdout=io.StringIO())
    assert load_workbook(tmp_path / "a.xlsx").active.max_row == 22
    call_command("plan", "--compare", str(status_quo.pk), str(asn_push.pk), "--format", "pdf",
                 "-o", str(tmp_path / "b.pdf"), stdout=io.StringIO())  # fmt: skip
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")


def test_plan_changes_the_enrolment_capacity_through_the_service(
    asn_push: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("plan", str(asn_push.pk), "--enrolment-capacity", "1200")
    captured = capsys.readouterr()
    assert json.loads(captured.out)["enrolment_capacity_per_month"] == 1_200
    assert "Kapasitas pendaftaran Dorongan ASN: 1.200 pekerja baru per bulan." in captured.err
    asn_push.refresh_from_db()
    assert asn_push.enrolment_capacity_per_month == 1_200 and asn_push.history.count() == 2
    with pytest.raises(CommandError, match="tidak boleh negatif"):
        call_command("plan", str(asn_push.pk), "--enrolment-capacity", "-5")
    with pytest.raises(CommandError, match="jangan dipakai bersama --compare"):
        call_command("plan", "--compare", str(asn_push.pk), str(asn_push.pk), "--enrolment-capacity", "5")


def test_plan_refuses_unclear_requests(asn_push: Any) -> None:
    with pytest.raises(CommandError, match="perlu -o"):
        call_command("plan", str(asn_push.pk), "--format", "pdf")
    with pytest.raises(CommandError, match="2 sampai 4"):
        call_command("plan", "--compare", str(asn_push.pk))
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("plan", "999")
    with pytest.raises(CommandError, match="Sebutkan satu ID"):
        call_command("plan")


def test_the_demo_scenarios_tell_the_story_of_the_targets(kendal: Region) -> None:
    from peduli.planner.selectors import scenario_projection

    scenarios = demo_planner_load()
    assert [s.name for s in scenarios] == ["Status quo", "Dorongan ASN", "Dorongan ASN + CSR/DBHCHT/APBD"]
    assert demo_planner_load() == []  # only what is missing
    outcomes = [scenario_projection(s).targets for s in scenarios]
    assert [[o.on_time for o in targets] for targets in outcomes] == [[False, False], [False, False], [True, False]]
    # 3,500 new workers a month: the 2029 target in January 2029, and held to 2045 (before: July 2025).
    assert outcomes[2][0].reached == YearMonth(2029, 1) and outcomes[2][0].coverage_at_deadline == Decimal("58.10")
    assert outcomes[2][1].reached is None and outcomes[2][1].coverage_at_deadline == Decimal("52.92")


def test_the_demo_scenarios_export_whatever_their_names(kendal: Region, tmp_path: Path) -> None:
    ids = [str(s.pk) for s in demo_planner_load()]  # one is "Dorongan ASN + CSR/DBHCHT/APBD": no "/" in a sheet
    for args, name in (([ids[2]], "scenario"), (["--compare", *ids], "compare")):
        for kind in ("pdf", "xlsx"):
            out = tmp_path / f"{name}.{kind}"
            call_command("plan", *args, "--format", kind, "-o", str(out), stdout=io.StringIO())
    assert load_workbook(tmp_path / "scenario.xlsx").active.title == "Dorongan ASN + CSR-DBHCHT-APBD"
    assert load_workbook(tmp_path / "compare.xlsx").active.max_column == 2 + 3 * 3
    assert (tmp_path / "compare.pdf").read_bytes().startswith(b"%PDF")
