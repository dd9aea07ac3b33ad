"""The monthly report API: scoped lists, open/submit/accept/return/remind
through the services (refusals as 400/403 in Indonesian), the board, and the
OpenAPI schema documenting it."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.core.months import YearMonth
from peduli.notifications.models import Notification
from peduli.reporting.models import MonthlyReport
from peduli.reporting.monthly_reports.services import monthly_report_submit
from tests.support.clients import api_for
from tests.support.clock import first_day_late
from tests.support.records.monthly_reports import reporters

LAST = YearMonth.current() - 1
BASE = "/api/v1/monthly-reports/"


@pytest.fixture
def people(user_factory: Callable[..., User], agencies: dict[str, Agency]) -> dict[str, User]:
    return reporters(user_factory, agencies)


@pytest.mark.calendar
def test_operator_opens_and_submits_and_lists_only_their_own(
    agencies: dict[str, Agency], people: dict[str, User], today: Callable[..., date]
) -> None:
    today(first_day_late(LAST))
    monthly_report_submit(actor=people["disdik"], agency=agencies["disdik"], month=LAST, remarks="")
    client = api_for(people["dinkes"])
    opened = client.post(f"{BASE}open/", {"agency": agencies["dinkes"].pk, "month": str(LAST)}, format="json")
    assert opened.status_code == 201, opened.json()
    body = opened.json()
    assert (body["status"], body["month"], body["agency_code"]) == ("draft", str(LAST), "DINKES")
    assert {"key": "civil_servants_total", "label": "ASN pada OPD", "text": "0"} in body["figure_rows"]
    assert client.post(f"{BASE}open/", {"agency": agencies["disdik"].pk, "month": str(LAST)}).status_code == 400

    sent = client.post(f"{BASE}{body['id']}/submit/", {"remarks": "Apel pagi"}, format="json")
    assert sent.status_code == 200 and sent.json()["status"] == "submitted" and sent.json()["state"] == "late"
    listed = client.get(BASE, {"month": str(LAST)}).json()
    assert [r["agency_code"] for r in listed["results"]] == ["DINKES"]


def test_labour_office_returns_with_a_note_and_accepts(
    agencies: dict[str, Agency], people: dict[str, User], admin: User
) -> None:
    report = monthly_report_submit(actor=people["dinkes"], agency=agencies["dinkes"], month=LAST, remarks="")
    client = api_for(admin)
    refused = client.post(f"{BASE}{report.pk}/return/", {"note": ""}, format="json")
    assert refused.status_code == 400 and "Tulis catatan" in refused.json()["note"][0]
    returned = client.post(f"{BASE}{report.pk}/return/", {"note": "Lengkapi"}, format="json")
    assert returned.json()["status"] == "returned" and returned.json()["review_note"] == "Lengkapi"
    assert client.post(f"{BASE}{report.pk}/accept/").status_code == 400  # not submitted now

    api_for(people["dinkes"]).post(f"{BASE}{report.pk}/submit/", {"remarks": "Sudah"}, format="json")
    accepted = client.post(f"{BASE}{report.pk}/accept/")
    assert accepted.json()["status"] == "accepted" and accepted.json()["reviewed_by"] == admin.username
    locked = api_for(people["dinkes"]).post(f"{BASE}{report.pk}/submit/", {"remarks": "lagi"}, format="json")
    assert locked.status_code == 400 and "tidak dapat diubah" in str(locked.json())


def test_an_operator_may_not_review(agencies: dict[str, Agency], people: dict[str, User]) -> None:
    report = monthly_report_submit(actor=people["dinkes"], agency=agencies["dinkes"], month=LAST, remarks="")
    assert api_for(people["dinkes"]).post(f"{BASE}{report.pk}/accept/").status_code == 403
    assert api_for(people["disdik"]).post(f"{BASE}{report.pk}/accept/").status_code == 404  # not even visible


@pytest.mark.calendar
def test_board_gives_states_and_rates_per_month(
    agencies: dict[str, Agency], people: dict[str, User], admin: User, today: Callable[..., date]
) -> None:
    today(first_day_late(LAST))
    monthly_report_submit(actor=people["dinkes"], agency=agencies["dinkes"], month=LAST, remarks="")
    response = api_for(admin).get(f"{BASE}board/", {"months": "2", "until": str(LAST)})
    assert response.status_code == 200
    board = response.json()
    assert board["months"] == [str(LAST - 1), str(LAST)]
    assert board["rates"][1] == {
        "month": str(LAST), "expected": 3, "submitted": 1, "on_time": 0,
        "submitted_pct": "33.33", "on_time_pct": "0.00",
    }  # fmt: skip
    dinkes = next(row for row in board["rows"] if row["agency_code"] == "DINKES")
    assert [cell["state"] for cell in dinkes["cells"]] == ["missing", "late"]
    assert dinkes["cells"][1]["status"] == "submitted"
    assert api_for(people["disdik"]).get(f"{BASE}board/").json()["rows"][0]["agency_code"] == "DISDIK"
    assert api_for(admin).get(f"{BASE}board/", {"months": "99"}).status_code == 400


def test_remind_answers_who_was_reminded(agencies: dict[str, Agency], people: dict[str, User], admin: User) -> None:
    client = api_for(admin)
    first = client.post(f"{BASE}remind/", {"month": str(LAST), "agencies": [agencies["disdik"].pk]}, format="json")
    assert first.json() == {"reminded": ["DISDIK"], "already_today": [], "without_reporters": []}
    again = client.post(f"{BASE}remind/", {"month": str(LAST)}, format="json").json()
    assert again["already_today"] == ["DISDIK"] and sorted(again["reminded"]) == ["DINKES", "KEC-15"]
    assert Notification.objects.filter(user=people["disdik"]).count() == 1
    assert api_for(people["dinkes"]).post(f"{BASE}remind/", {"month": str(LAST)}, format="json").status_code == 403


def test_the_schema_documents_the_monthly_report_routes(tmp_path: Path) -> None:
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    paths = [
        "/api/v1/monthly-reports/", "/api/v1/monthly-reports/{id}/", "/api/v1/monthly-reports/{id}/submit/",
        "/api/v1/monthly-reports/{id}/accept/", "/api/v1/monthly-reports/{id}/return/",
        "/api/v1/monthly-reports/open/", "/api/v1/monthly-reports/remind/", "/api/v1/monthly-reports/board/",
    ]  # fmt: skip
    assert [path for path in paths if f"{path}:" not in schema] == []
    assert MonthlyReport.Status.RETURNED in schema
