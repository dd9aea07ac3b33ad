"""The monthly report pages through the real views: the board with its
states and rates, the "belum melapor" list and its reminders, an agency's
report (fill in, submit, accept, return) and its PDF; who may see what."""

import subprocess
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.core.months import YearMonth
from peduli.notifications.models import Notification
from peduli.regions.models import Region
from peduli.reporting.models import MonthlyReport
from peduli.reporting.monthly_reports.selectors import report_deadline
from peduli.reporting.monthly_reports.services import monthly_report_accept, monthly_report_submit
from tests.support.clients import client_for
from tests.support.records.monthly_reports import reporters

LAST = YearMonth.current() - 1


@pytest.fixture
def people(user_factory: Callable[..., User], agencies: dict[str, Agency]) -> dict[str, User]:
    return reporters(user_factory, agencies)


def detail_url(agency: Any, month: YearMonth = LAST, action: str = "") -> str:
    name = f"reporting:monthly_report_{action or 'detail'}"
    return reverse(name, args=[agency.pk, str(month)])


def board(client: Client, **query: Any) -> str:
    return str(client.get(reverse("reporting:monthly_report_list"), query).content.decode())


def test_board_shows_each_agency_and_month_with_icons_and_rates(
    agencies: dict[str, Agency], people: dict[str, User], admin: User
) -> None:
    two_ago = LAST - 1
    on_time = monthly_report_submit(actor=people["dinkes"], agency=agencies["dinkes"], month=two_ago, remarks="")
    monthly_report_accept(actor=admin, report=on_time)
    # Sent the day before its deadline; the education office's goes in today, after it.
    sent = timezone.make_aware(datetime.combine(report_deadline(two_ago) - timedelta(days=1), time(9)))
    MonthlyReport.objects.filter(pk=on_time.pk).update(submitted_at=sent)
    monthly_report_submit(actor=people["disdik"], agency=agencies["disdik"], month=two_ago, remarks="")
    page = board(client_for(admin), bulan=str(LAST), jumlah="3")
    assert page.count('class="cell ') == 9  # three agencies × three months
    assert "bi-check-circle-fill" in page and "bi-clock-history" in page  # shapes, not colour alone
    assert f"Dinas Kesehatan · {two_ago.label} · Tepat waktu · diterima" in page
    assert f"Dinas Pendidikan · {two_ago.label} · Terlambat · menunggu diperiksa" in page
    # Two of three reports in, one of three on time.
    assert 'title="2 / 3">67%' in page and 'title="1 / 3">33%' in page
    assert detail_url(agencies["kec"], two_ago) in page


def test_months_before_an_agency_existed_are_not_expected_and_district_offices_come_last(
    agencies: dict[str, Agency], admin: User
) -> None:
    from peduli.agencies.services import agency_create

    agency_create(actor=None, code="BAPPEDA", name="Bappeda", kind="badan", valid_from=LAST.first_day)
    agency_create(actor=None, code="SATPOL", name="Satpol PP", kind="satuan", valid_from=date(2022, 1, 1))
    page = board(client_for(admin), bulan=str(LAST), jumlah="2")
    assert f"{(LAST - 1).label} · Tidak wajib" in page
    assert "Wajib lapor" in page
    # Agencies by name, then the district offices.
    rows = [page.index(f"{name}</th>") for name in ("Bappeda", "Dinas Pendidikan", "Satpol PP", "Kecamatan Kendal")]
    assert rows == sorted(rows)


def test_an_operator_sees_only_their_own_agency_and_no_reminders(
    agencies: dict[str, Agency], people: dict[str, User]
) -> None:
    page = board(client_for(people["dinkes"]))
    assert "Dinas Kesehatan" in page and "Dinas Pendidikan" not in page
    assert "Belum melapor —" not in page and "Ingatkan" not in page
    client = client_for(people["dinkes"])
    assert client.get(detail_url(agencies["disdik"])).status_code == 404
    assert client.post(reverse("reporting:monthly_report_remind_all"), {"bulan": str(LAST)}).status_code == 403


def test_the_page_is_refused_to_roles_without_reports(user_factory: Callable[..., User], kendal: Region) -> None:
    for role in ("bpjs_officer", "csr_partner"):
        assert client_for(user_factory(role)).get(reverse("reporting:monthly_report_list")).status_code == 403


def test_operator_fills_in_and_submits_then_the_office_accepts(
    agencies: dict[str, Agency], people: dict[str, User], admin: User
) -> None:
    operator = client_for(people["dinkes"])
    page = operator.get(detail_url(agencies["dinkes"])).content.decode()
    assert "ASN pada OPD" in page and "Kirim laporan" in page
    assert not MonthlyReport.objects.exists()  # looking opens nothing

    operator.post(detail_url(agencies["dinkes"]), {"remarks": "Draf dulu", "action": "save"})
    assert MonthlyReport.objects.get().status == "draft"
    response = operator.post(detail_url(agencies["dinkes"]), {"remarks": "Sosialisasi di apel", "action": "submit"})
    assert response.status_code == 302
    report = MonthlyReport.objects.get()
    assert (report.status, report.remarks) == ("submitted", "Sosialisasi di apel")

    office = client_for(admin)
    page = office.get(detail_url(agencies["dinkes"])).content.decode()
    assert "Terima dan kunci" in page and "Sosialisasi di apel" in page
    office.post(detail_url(agencies["dinkes"], action="accept"))
    assert MonthlyReport.objects.get().status == "accepted"
    page = operator.get(detail_url(agencies["dinkes"])).content.decode()
    assert 'id="report-form"' not in page and "Diterima" in page
    refused = operator.post(detail_url(agencies["dinkes"]), {"remarks": "ubah", "action": "submit"}, follow=True)
    assert "tidak dapat diubah lagi" in refused.content.decode()
    assert MonthlyReport.objects.get().remarks == "Sosialisasi di apel"


def test_returning_without_a_note_is_refused_and_with_one_tells_the_operator(
    agencies: dict[str, Agency], people: dict[str, User], admin: User
) -> None:
    monthly_report_submit(actor=people["dinkes"], agency=agencies["dinkes"], month=LAST, remarks="")
    office = client_for(admin)
    page = office.post(detail_url(agencies["dinkes"], action="return"), {"note": " "}, follow=True).content.decode()
    assert "Tulis catatan" in page and MonthlyReport.objects.get().status == "submitted"
    office.post(detail_url(agencies["dinkes"], action="return"), {"note": "Lengkapi keterangan."})
    assert MonthlyReport.objects.get().status == "returned"
    page = client_for(people["dinkes"]).get(detail_url(agencies["dinkes"])).content.decode()
    assert "Dikembalikan untuk diperbaiki" in page and "Lengkapi keterangan." in page and "Kirim ulang" in page


def test_the_history_keeps_every_sending_and_review_of_a_returned_report(
    agencies: dict[str, Agency], people: dict[str, User], admin: User, today: Callable[..., date]
) -> None:
    operator, office = client_for(people["dinkes"]), client_for(admin)
    operator.post(detail_url(agencies["dinkes"]), {"remarks": "Pertama", "action": "submit"})
    office.post(detail_url(agencies["dinkes"], action="return"), {"note": "Lengkapi keterangan."})
    today(timezone.localdate() + timedelta(days=1))
    operator.post(detail_url(agencies["dinkes"]), {"remarks": "Kedua", "action": "submit"})
    office.post(detail_url(agencies["dinkes"], action="accept"))
    page = office.get(detail_url(agencies["dinkes"]))
    events = [(e.status, e.by, e.note) for e in page.context["timeline"]]
    assert events == [
        ("submitted", people["dinkes"], ""), ("returned", admin, "Lengkapi keterangan."),
        ("submitted", people["dinkes"], ""), ("accepted", admin, ""),
    ]  # fmt: skip
    first, again = page.context["timeline"][0].at, page.context["timeline"][2].at
    assert timezone.localtime(again).date() == timezone.localtime(first).date() + timedelta(days=1)
    assert page.content.decode().count('<span class="fw-semibold">Dikirim</span>') == 2


def test_leaders_read_but_neither_submit_nor_review(
    agencies: dict[str, Agency], people: dict[str, User], user_factory: Callable[..., User]
) -> None:
    monthly_report_submit(actor=people["dinkes"], agency=agencies["dinkes"], month=LAST, remarks="Rapat")
    leader = client_for(user_factory("leader"))
    page = leader.get(detail_url(agencies["dinkes"])).content.decode()
    assert "Rapat" in page and "Terima dan kunci" not in page and 'id="report-form"' not in page
    assert leader.post(detail_url(agencies["dinkes"], action="accept")).status_code == 403
    leader.post(detail_url(agencies["disdik"]), {"remarks": "x", "action": "submit"})
    assert not MonthlyReport.objects.filter(agency=agencies["disdik"]).exists()


def test_missing_list_reminds_one_agency_or_all_but_not_twice_a_day(
    agencies: dict[str, Agency], people: dict[str, User], admin: User
) -> None:
    monthly_report_submit(actor=people["dinkes"], agency=agencies["dinkes"], month=LAST, remarks="")
    office = client_for(admin)
    page = board(office, bulan=str(LAST))
    assert "Belum melapor —" in page and "Ingatkan semua" in page
    assert 'aria-label="Ingatkan Dinas Pendidikan"' in page and 'aria-label="Ingatkan Dinas Kesehatan"' not in page

    office.post(detail_url(agencies["disdik"], action="remind"))
    assert Notification.objects.filter(user=people["disdik"]).count() == 1
    page = board(office, bulan=str(LAST))
    assert "Sudah diingatkan hari ini" in page and "diingatkan " in page

    response = office.post(reverse("reporting:monthly_report_remind_all"), {"bulan": str(LAST)}, follow=True)
    text = response.content.decode()
    assert "Pengingat dikirim ke 1 OPD" in text and "tidak dikirim lagi: Dinas Pendidikan" in text
    assert Notification.objects.filter(user=people["disdik"]).count() == 1
    assert Notification.objects.filter(user=people["camat"]).count() == 1


def test_detail_of_a_month_the_agency_does_not_owe_is_not_found(agencies: dict[str, Agency], admin: User) -> None:
    office = client_for(admin)
    assert office.get(detail_url(agencies["dinkes"], LAST + 3)).status_code == 404
    assert (
        office.get(reverse("reporting:monthly_report_detail", args=[agencies["dinkes"].pk, "juni"])).status_code == 404
    )
    assert office.get(detail_url(agencies["dinkes"], YearMonth(2021, 12))).status_code == 404  # before it existed


def test_pdf_has_the_letterhead_figures_remarks_and_signature(
    agencies: dict[str, Agency], people: dict[str, User], admin: User, tmp_path: Path
) -> None:
    monthly_report_submit(actor=people["camat"], agency=agencies["kec"], month=LAST, remarks="Sosialisasi di 20 desa")
    response = client_for(admin).get(detail_url(agencies["kec"], action="pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'filename="laporan-bulanan-kec-15-{LAST}.pdf"' in response["Content-Disposition"]
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # Under the regency's name the agency's own, signed by its head: not the labour office's letterhead.
    assert "PEMERINTAH KABUPATEN KENDAL" in text and "KECAMATAN KENDAL" in text
    assert "DINAS PERINDUSTRIAN DAN TENAGA KERJA" not in text
    assert f"Bulan {LAST.label}" in text and "Kecamatan Kendal" in text
    assert "ASN pada OPD" in text and "Sosialisasi di 20 desa" in text
    assert "Camat Kendal" in text and "NIP" in text
    assert f"{report_deadline(LAST):%d/%m/%Y}" in text
