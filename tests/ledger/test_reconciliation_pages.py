"""The reconciliation pages and API through the real views and database:
the report with its totals and filters, importing BPJS's file (an xlsx, and
a refused one showing its bad rows), resolving with a note, the xlsx export
and the list for BPJS; who may do what (an agency operator is refused)."""

import io
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.core.models import AccessLog
from peduli.core.xlsx import workbook_bytes
from peduli.ledger.models import ReconciliationDifference, RemittanceStatement
from peduli.ledger.reconciliation import remittance_statement_import
from tests.ledger.conftest import UNKNOWN_NIK, Remitted, overlapping_rows
from tests.support.clients import api_for, client_for

HEADERS = ["NIK", "Nomor KPJ", "Bulan", "Iuran Ditagih (Rp)", "Status", "Iuran Dikonfirmasi (Rp)"]


def statement_xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    """The statement as BPJS sends it: an xlsx with NIK and KPJ as text."""
    return workbook_bytes(title="Tagihan", headers=HEADERS, rows=rows, text_columns=["NIK", "Nomor KPJ"])


@pytest.fixture
def imported(remitted: Remitted, statement_csv: Callable[..., bytes], admin: User) -> Remitted:
    remittance_statement_import(
        actor=admin, remittance=remitted.remittance, file_name="tagihan-bpjs.csv",
        content=statement_csv(overlapping_rows(remitted)),
    )  # fmt: skip
    return remitted


def report_url(r: Remitted) -> str:
    return reverse("ledger:reconciliation", args=[r.remittance.pk])


# Pages -----------------------------------------------------------------------


def test_the_remittance_links_to_its_reconciliation(remitted: Remitted, admin: User) -> None:
    page = client_for(admin).get(remitted.remittance.get_absolute_url()).content.decode()
    assert report_url(remitted) in page and "Rekonsiliasi dengan BPJS" in page


def test_a_bpjs_officer_imports_the_xlsx_and_sees_totals_and_every_difference(
    remitted: Remitted, user_factory: Callable[..., User]
) -> None:
    officer = client_for(user_factory("bpjs_officer"))
    page = officer.get(report_url(remitted)).content.decode()
    assert "Belum ada berkas tagihan dari BPJS" in page and 'enctype="multipart/form-data"' in page
    upload = SimpleUploadedFile("tagihan.xlsx", statement_xlsx(overlapping_rows(remitted)))
    response = officer.post(report_url(remitted), {"file": upload}, follow=True)
    page = response.content.decode()
    assert "Berkas BPJS diimpor: 5 baris, 5 selisih belum diselesaikan." in page
    assert "Rp 67.200" in page  # ours
    assert "Rp 84.000" in page  # billed: five lines
    assert "Rp 60.400" in page  # confirmed: 16,800 + 10,000 + 2 × 16,800
    assert "selisih Rp 6.800" in page
    for worker in (remitted.workers[1], remitted.workers[2], remitted.workers[3], remitted.outsider):
        assert worker.name in page
    assert UNKNOWN_NIK in page and "Tidak terdaftar" in page
    assert 'name="note"' not in page  # BPJS sees, the labour office resolves
    again = officer.post(report_url(remitted), {"file": SimpleUploadedFile("lagi.xlsx", statement_xlsx(
        overlapping_rows(remitted)))}, follow=True)  # fmt: skip
    assert "tidak ada yang berubah" in again.content.decode()
    assert RemittanceStatement.objects.count() == 1


def test_a_refused_file_shows_each_bad_row(remitted: Remitted, admin: User) -> None:
    rows = [("33240112", "", "", "16800", "Terkonfirmasi", ""), ("", "", "", "abc", "", "")]
    response = client_for(admin).post(
        report_url(remitted), {"file": SimpleUploadedFile("salah.xlsx", statement_xlsx(rows))}
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'id="row-errors"' in page
    assert "NIK &quot;33240112&quot; harus 16 angka." in page and "Isi NIK atau nomor KPJ." in page
    assert RemittanceStatement.objects.count() == 0


def test_the_report_filters_by_kind_state_and_search(imported: Remitted, admin: User) -> None:
    client = client_for(admin)
    page = client.get(report_url(imported), {"kind": "amount"}).content.decode()
    assert imported.workers[2].name in page and imported.workers[1].name not in page
    page = client.get(report_url(imported), {"q": imported.outsider.kpj}).content.decode()
    assert imported.outsider.name in page and imported.workers[2].name not in page
    difference = ReconciliationDifference.objects.get(kind="amount")
    client.post(reverse("ledger:reconciliation_resolve", args=[difference.pk]), {"note": "Koreksi ke BPJS"})
    page = client.get(report_url(imported), {"status": "resolved"}).content.decode()
    assert "Koreksi ke BPJS" in page and imported.workers[1].name not in page
    partial = client.get(report_url(imported), {"status": "open"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and imported.workers[1].name in partial and "Koreksi ke BPJS" not in partial


def test_the_labour_office_resolves_a_difference_with_a_note(imported: Remitted, admin: User) -> None:
    client = client_for(admin)
    difference = ReconciliationDifference.objects.get(nik=UNKNOWN_NIK)
    page = client.get(report_url(imported)).content.decode()
    assert reverse("ledger:reconciliation_resolve", args=[difference.pk]) in page
    url = reverse("ledger:reconciliation_resolve", args=[difference.pk])
    blank = client.post(url, {"note": ""})
    assert blank.status_code == 200 and "Bidang ini harus diisi." in blank.content.decode()
    response = client.post(url, {"note": "NIK bukan warga Kendal; BPJS diminta menghapus tagihan"})
    assert response.status_code == 302 and response["Location"].endswith(f"#selisih-{difference.pk}")
    difference.refresh_from_db()
    assert difference.resolved_by == admin and difference.resolution_note.startswith("NIK bukan warga Kendal")
    page = client.get(report_url(imported)).content.decode()
    assert 'id="open-count">4<' in page


def test_who_may_see_import_and_resolve(
    imported: Remitted, user_factory: Callable[..., User], agencies: dict[str, Agency]
) -> None:
    operator = client_for(user_factory("agency_operator", agency=agencies["dinkes"]))
    difference = ReconciliationDifference.objects.first()
    assert difference is not None
    resolve_url = reverse("ledger:reconciliation_resolve", args=[difference.pk])
    assert operator.get(report_url(imported)).status_code == 403
    assert operator.get(reverse("ledger:reconciliation_export", args=[imported.remittance.pk])).status_code == 403
    assert operator.post(resolve_url, {"note": "x"}).status_code == 403
    leader = client_for(user_factory("leader"))
    page = leader.get(report_url(imported)).content.decode()
    assert "multipart/form-data" not in page and 'name="note"' not in page
    assert leader.post(report_url(imported), {}).status_code == 403
    officer = client_for(user_factory("bpjs_officer"))
    assert officer.post(resolve_url, {"note": "x"}).status_code == 403
    difference.refresh_from_db()
    assert difference.resolved_at is None


def test_the_report_exports_as_xlsx_and_the_export_is_logged(imported: Remitted, admin: User) -> None:
    response = client_for(admin).get(reverse("ledger:reconciliation_export", args=[imported.remittance.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Jenis Selisih", "NIK", "Nomor KPJ", "Nama Pekerja", "Bulan")
    assert rows[1][5:9] == (67_200, 84_000, 60_400, "5 selisih belum diselesaikan")
    assert len(rows) == 2 + 5 and UNKNOWN_NIK in {row[1] for row in rows}
    assert AccessLog.objects.filter(
        action="export", subject__contains="reconciliation_difference", row_count=5
    ).exists()


def test_the_list_for_bpjs_round_trips_into_an_import(remitted: Remitted, admin: User, tmp_path: Path) -> None:
    """The remittance's worker-months in the statement's columns; filled in
    as all confirmed, it reconciles without a difference."""
    client = client_for(admin)
    response = client.get(reverse("ledger:reconciliation_template", args=[remittance_pk := remitted.remittance.pk]))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sorted(row[0].value for row in sheet.iter_rows(min_row=2)) == sorted(w.nik for w in remitted.workers)
    for row in sheet.iter_rows(min_row=2):
        row[4].value = "Terkonfirmasi"
    path = tmp_path / "isi-bpjs.xlsx"
    book.save(path)
    response = client.post(report_url(remitted), {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    assert response.status_code == 302
    assert ReconciliationDifference.objects.filter(remittance_id=remittance_pk).count() == 0
    assert AccessLog.objects.filter(subject="remittance_dues", row_count=4).exists()


# API -------------------------------------------------------------------------


def test_api_reads_the_reconciliation_and_imports_the_file(
    remitted: Remitted, user_factory: Callable[..., User], statement_csv: Callable[..., bytes]
) -> None:
    api = api_for(user_factory("bpjs_officer"))
    url = f"/api/v1/remittances/{remitted.remittance.pk}/reconciliation/"
    empty = api.get(url).json()
    assert (empty["ours"], empty["statement"], empty["open"]) == (67_200, None, 0)
    content = statement_csv(overlapping_rows(remitted))
    response = api.post(url + "import/", {"file": SimpleUploadedFile("bpjs.csv", content)}, format="multipart")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["created"], body["differences"]) == (True, 5)
    report = body["reconciliation"]
    assert (report["billed"], report["confirmed"], report["unconfirmed"]) == (84_000, 60_400, 6_800)
    assert {k["kind"]: (k["open"], k["total"]) for k in report["kinds"]} == {
        "not_confirmed": (2, 2), "not_owed": (2, 2), "amount": (1, 1),
    }  # fmt: skip
    again = api.post(url + "import/", {"file": SimpleUploadedFile("bpjs.csv", content)}, format="multipart")
    assert again.status_code == 200 and again.json()["created"] is False
    bad = api.post(url + "import/", {"file": SimpleUploadedFile("x.csv", b"NIK;Iuran\n123;abc\n")}, format="multipart")
    assert bad.status_code == 400 and "baris 2" in bad.json()["file"][0]


def test_api_lists_and_resolves_differences_for_the_labour_office_only(
    imported: Remitted, admin: User, user_factory: Callable[..., User], agencies: dict[str, Agency]
) -> None:
    api = api_for(admin)
    rows = api.get("/api/v1/reconciliation-differences/", {"remittance": imported.remittance.pk}).json()["results"]
    assert len(rows) == 5
    amount = api.get("/api/v1/reconciliation-differences/", {"kind": "amount"}).json()["results"]
    assert [(r["nik"], r["our_amount"], r["confirmed_amount"]) for r in amount] == [
        (imported.workers[2].nik, 16_800, 10_000)
    ]
    pk = amount[0]["id"]
    officer = api_for(user_factory("bpjs_officer"))
    assert officer.post(f"/api/v1/reconciliation-differences/{pk}/resolve/", {"note": "x"}).status_code == 403
    blank = api.post(f"/api/v1/reconciliation-differences/{pk}/resolve/", {"note": ""})
    assert blank.status_code == 400 and "note" in blank.json()
    done = api.post(f"/api/v1/reconciliation-differences/{pk}/resolve/", {"note": "Kurang bayar ditagihkan"})
    assert done.status_code == 200 and done.json()["resolved"] is True and done.json()["resolved_by"] == admin.username
    still_open = api.get("/api/v1/reconciliation-differences/", {"status": "open"}).json()["results"]
    assert pk not in {r["id"] for r in still_open} and len(still_open) == 4
    assert AccessLog.objects.filter(action="api_read", subject__contains="reconciliation_difference").exists()
    operator = api_for(user_factory("agency_operator", agency=agencies["dinkes"]))
    assert operator.get("/api/v1/reconciliation-differences/").json()["results"] == []
    assert operator.get(f"/api/v1/remittances/{imported.remittance.pk}/reconciliation/").status_code == 404
    assert operator.post(f"/api/v1/reconciliation-differences/{pk}/resolve/", {"note": "x"}).status_code == 404


def test_the_openapi_schema_documents_the_reconciliation(tmp_path: Path) -> None:
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    for path in (
        "/api/v1/remittances/{remittance_pk}/reconciliation/:",
        "/api/v1/remittances/{remittance_pk}/reconciliation/import/:",
        "/api/v1/reconciliation-differences/:",
        "/api/v1/reconciliation-differences/{id}/resolve/:",
    ):
        assert path in schema
