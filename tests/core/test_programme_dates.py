"""One range of dates everywhere: a date centuries away (3264 for 2026) is
refused with the same Indonesian message on a page, through the API, at the
command line and in an imported file, and never reaches month arithmetic."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from peduli.accounts.models import User
from peduli.agencies.models import CivilServant
from peduli.core.dates import EARLIEST, LATEST, outside_message
from peduli.imports.services import import_file
from peduli.ledger.models import Payment
from peduli.sponsorships.services import sponsor_for_civil_servant
from peduli.workers.models import Worker
from tests.support.records.ledger import payment_xlsx

FAR = "3264-05-07"
REFUSAL = "di luar rentang tanggal yang diterima Peduli"


def test_the_range_runs_from_1900_to_2100() -> None:
    assert outside_message(EARLIEST) is None
    assert outside_message(LATEST) is None
    assert (date(1900, 1, 1), date(2100, 12, 31)) == (EARLIEST, LATEST)
    assert REFUSAL in (outside_message(date(1899, 12, 31)) or "")
    assert REFUSAL in (outside_message(date(2101, 1, 1)) or "")
    message = outside_message(date(3264, 5, 7), "Tanggal berakhir") or ""
    assert message.startswith("Tanggal berakhir 07/05/3264 di luar rentang")
    assert "1 Januari 1900" in message


@pytest.mark.django_db
def test_the_api_refuses_a_far_date_with_a_400(admin: User, worker_factory: Callable[..., Worker]) -> None:
    worker = worker_factory()
    client = Client()
    client.force_login(admin)
    response = client.post(
        f"/api/v1/workers/{worker.pk}/end/", {"reason": "died", "on": FAR}, content_type="application/json"
    )
    assert response.status_code == 400
    assert REFUSAL in str(response.json())
    worker.refresh_from_db()
    assert worker.status == Worker.Status.VERIFIED


@pytest.mark.django_db
def test_the_page_refuses_a_far_date_beside_the_form(admin: User, worker_factory: Callable[..., Worker]) -> None:
    worker = worker_factory()
    client = Client()
    client.force_login(admin)
    response = client.post(reverse("workers:worker_end", args=[worker.pk]), {"reason": "died", "on": FAR}, follow=True)
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    worker.refresh_from_db()
    assert worker.status == Worker.Status.VERIFIED


@pytest.mark.django_db
def test_the_command_refuses_a_far_date(worker_factory: Callable[..., Worker]) -> None:
    worker = worker_factory()
    with pytest.raises(CommandError, match=REFUSAL):
        call_command("worker", "end", worker.nik, "--reason", "died", "--on", FAR)
    worker.refresh_from_db()
    assert worker.status == Worker.Status.VERIFIED


@pytest.mark.django_db
def test_an_imported_far_date_is_a_refused_row(person_factory: Callable[..., CivilServant], tmp_path: Path) -> None:
    sponsor = sponsor_for_civil_servant(actor=None, civil_servant=person_factory())
    row = [sponsor.code, 16_800, "07/05/3264", "BKU-FAR-1", "Bendahara", "transfer", ""]
    path = payment_xlsx(tmp_path / "far.xlsx", [row])
    batch = import_file(kind="payments", path=path, actor=None, dry_run=False)
    assert batch.rejected_count == 1
    assert "07/05/3264" in batch.rejected_rows.get().reason
    assert not Payment.objects.filter(reference="BKU-FAR-1").exists()
