"""The calendar through its page, the API and `peduli calendar`: the same
services, the same refusals in Indonesian."""

from collections.abc import Callable
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from rest_framework.test import APIClient

from peduli.accounts.models import User
from peduli.ledger.models import DayOff
from peduli.regions.models import Region
from tests.support.clients import client_for


def test_the_page_shows_the_years_due_dates_and_records_and_removes_a_day_off(admin: User) -> None:
    client = client_for(admin)
    page = client.get(reverse("ledger:calendar"), {"tahun": "2026"}).content.decode()
    assert "Senin, 16 November 2026" in page and "digeser" in page and "tidak dikenai denda" in page
    assert "Kalender Iuran 2026" in page and '<option value="2026" selected>2026</option>' in page  # not "2.026"
    refused = client.post(reverse("ledger:calendar"), {"day": "2026-12-19", "name": "Libur"}).content.decode()
    assert "sudah hari libur (hari Sabtu)" in refused and not DayOff.objects.exists()
    client.post(reverse("ledger:calendar"), {"day": "2026-12-15", "name": "Cuti bersama daerah"})
    page = client.get(reverse("ledger:calendar"), {"tahun": "2026"}).content.decode()
    assert "Cuti bersama daerah" in page and "Rabu, 16 Desember 2026" in page
    day_off = DayOff.objects.get()
    confirm = client.get(reverse("ledger:day_off_delete", args=[day_off.pk])).content.decode()
    assert "Ya, hapus" in confirm and DayOff.objects.exists()  # asking is not removing
    client.post(reverse("ledger:day_off_delete", args=[day_off.pk]))
    assert not DayOff.objects.exists()


def test_others_read_the_calendar_but_cannot_change_it(kendal: Region, user_factory: Callable[..., User]) -> None:
    officer = client_for(user_factory("bpjs_officer"))
    assert officer.get(reverse("ledger:calendar")).status_code == 200
    officer.post(reverse("ledger:calendar"), {"day": "2026-12-14", "name": "Libur"})
    assert not DayOff.objects.exists()
    day_off = DayOff.objects.create(day=date(2026, 12, 14), name="Libur")
    assert officer.post(reverse("ledger:day_off_delete", args=[day_off.pk])).status_code == 403


def test_the_api_gives_the_calendar_and_keeps_days_off(admin: User, user_factory: Callable[..., User]) -> None:
    api = APIClient()
    api.force_authenticate(admin)
    months = api.get("/api/v1/days-off/calendar/", {"year": "2026"}).json()
    assert months[10] == {"month": "2026-11", "premium_due": "2026-11-16", "premium_due_moved": True,
                          "report_deadline": "2026-12-10"}  # fmt: skip
    assert api.get("/api/v1/days-off/calendar/", {"year": "2999"}).status_code == 400
    created = api.post("/api/v1/days-off/", {"day": "2026-12-15", "name": "Cuti bersama"}, format="json")
    assert created.status_code == 201, created.json()
    assert api.get("/api/v1/days-off/calendar/", {"year": "2026"}).json()[11]["premium_due"] == "2026-12-16"
    refused = api.post("/api/v1/days-off/", {"day": "2026-12-25", "name": "Natal"}, format="json")
    assert refused.status_code == 400 and "Hari Raya Natal" in refused.json()["day"][0]
    officer = APIClient()
    officer.force_authenticate(user_factory("bpjs_officer"))
    assert officer.delete(f"/api/v1/days-off/{created.json()['id']}/").status_code == 403
    assert api.delete(f"/api/v1/days-off/{created.json()['id']}/").status_code == 204


def test_the_command_shows_adds_and_removes(kendal: Region) -> None:
    out = StringIO()
    call_command("calendar", "show", "--year", "2026", stdout=out)
    assert "November 2026   16/11/2026 (digeser)" in out.getvalue() and "Hari Raya Natal" in out.getvalue()
    call_command("calendar", "add", "15/12/2026", "Cuti bersama daerah", stdout=StringIO())
    assert DayOff.objects.get().name == "Cuti bersama daerah"
    with pytest.raises(CommandError, match="sudah hari libur"):
        call_command("calendar", "add", "19/12/2026", "Libur", stdout=StringIO())
    call_command("calendar", "remove", "15/12/2026", stdout=StringIO())
    assert not DayOff.objects.exists()
