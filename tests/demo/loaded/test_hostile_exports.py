"""Every export, given records whose text begins like a formula (=, +, -,
@, tab, carriage return) or holds control characters, writes a file whose
cells are plain text, and never fails (issue 14). The demo gives every
export something to write; the hostile text is put straight into the tables,
as a file imported before input was checked would have left it."""

import csv
import io
from pathlib import Path

import pytest
from django.db.models import Value
from django.db.models.functions import Concat
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook

from peduli.accounts.models import User
from peduli.agencies.models import Agency, CivilServant
from peduli.bpjs.models import RegistrationBatch
from peduli.core.cells import FORMULA_STARTS
from peduli.core.control_characters import has_control_characters
from peduli.core.months import YearMonth
from peduli.imports.registry import spec_for
from peduli.imports.services import import_file
from peduli.ledger.models import RemittanceStatement
from peduli.planner.models import Scenario
from peduli.regions.models import Region
from peduli.sponsorships.models import Sponsor
from peduli.workers.models import Worker
from tests.support.clients import client_for
from tests.support.files import csv_write

# What each export is asked for below, by URL name; the rest write no stored text.
COVERED = {
    "civil_servant_export", "civil-servant-export", "agency_ledger_export", "arrears_export", "recap_download",
    "open_data_download", "compare_xlsx", "scenario_xlsx", "registration_batch_download",
    "bpjs-registration-batch-download", "reconciliation_export", "import_rejected", "statement",
    "reconciliation_template",
}  # fmt: skip
# Rejected rows of every kind are written by the one `imports.exports.rejected_rows_xlsx` (asked for
# above through the workers' import); templates hold only headers; PDFs are no spreadsheet.
EXEMPT = {
    "roster_import_rejected", "baseline_import_rejected", "answer_import_rejected", "member_import_rejected",
    "member_count_import_rejected", "claim_import_rejected", "roster_import_template", "import_template",
    "baseline_import_template", "answer_import_template", "member_import_template", "member_count_import_template",
    "claim_import_template", "roster-import-template", "import-template", "registration_template",
    "bpjs-registration-template-list", "bpjs-registration-template-fields", "bpjs-registration-template-detail",
}  # fmt: skip
FORMULA = '=HYPERLINK("http://contoh.invalid","klik")'


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[tuple[str, str]]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif pattern.name:
            found.append((prefix + str(pattern.pattern), pattern.name))
    return found


def test_every_spreadsheet_export_is_tried_here() -> None:
    spreadsheets = {name for route, name in _routes(get_resolver().url_patterns) if "xlsx" in route or "csv" in route}
    spreadsheets |= {"civil-servant-export", "bpjs-registration-batch-download"}  # the API's, named without
    assert spreadsheets - COVERED - EXEMPT == set()


def _hostile_records() -> None:
    Worker.objects.update(name=Concat(Value(FORMULA), "name"), address=Value("+62 Jl.\x07 Mawar\x1b"))
    CivilServant.objects.update(name=Concat(Value("@SUM(1)\x0c"), "name"), position=Value("-1+1"))
    Agency.objects.update(name=Concat(Value("=cmd|' /C calc'!A0 "), "name"), short_name=Value("\tTab"))
    Sponsor.objects.update(name=Concat(Value("\rCR "), "name"))
    Region.objects.filter(parent_id="33.24").update(name=Concat(Value("=1+"), "name"))
    Scenario.objects.update(name=Value("=2+2 skenario\x07"))


def _cells(response_content: bytes, content_type: str) -> list[str]:
    """The text of every cell of an xlsx or csv file; formulas fail here."""
    if "csv" in content_type:
        return [cell for row in csv.reader(io.StringIO(response_content.decode("utf-8-sig"))) for cell in row]
    texts = []
    for sheet in load_workbook(io.BytesIO(response_content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value}"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS) or cell.quotePrefix, cell.coordinate
                    texts.append(cell.value)
    return texts


def _check(content: bytes, content_type: str) -> list[str]:
    texts = _cells(content, content_type)
    assert not any(has_control_characters(text) for text in texts)
    if "csv" in content_type:
        assert not any(text.startswith(FORMULA_STARTS) for text in texts)
    return texts


@pytest.mark.django_db
def test_every_export_writes_hostile_text_as_plain_text(demo: str, tmp_path: Path) -> None:
    _hostile_records()
    admin = User.objects.get(username="disperinaker")
    client = client_for(admin)
    month = YearMonth.current() - 1
    batch = RegistrationBatch.objects.order_by("pk").first()
    statement = RemittanceStatement.objects.order_by("pk").first()
    sponsor = Sponsor.objects.filter(agency__isnull=False, sponsorships__isnull=False).order_by("pk").first()
    assert batch is not None and statement is not None and sponsor is not None
    scenarios = list(Scenario.objects.order_by("pk").values_list("pk", flat=True)[:2])
    columns = spec_for("workers").columns
    hostile_row = {"nik": "0000", "name": FORMULA, "address": "@x\x07", "village": "-1"}
    rows = [[c.label for c in columns], [hostile_row.get(c.field, "") for c in columns]]
    upload = csv_write(tmp_path, rows, name="pekerja.csv")
    rejected = import_file(kind="workers", path=upload, actor=admin, dry_run=True)
    assert rejected.rejected_rows.count() == 1
    exports = {
        "/asn/ekspor.xlsx": "ASN",
        "/api/v1/civil-servants/export/": "ASN (API)",
        f"/iuran/opd/xlsx/?opd={sponsor.agency_id}&bulan={month}": "kepesertaan OPD",
        f"/iuran/donatur/{sponsor.pk}/laporan/": "laporan donatur",
        # Identity numbers and amounts only: nothing typed by a person to carry.
        f"/iuran/setoran/{statement.remittance_id}/rekonsiliasi/daftar-bpjs/": "",
        f"/iuran/tunggakan/xlsx/?bulan={month}": "tunggakan",
        f"/laporan/rekap/unduh.xlsx?bulan={month}": "rekap",
        f"/perencana/{scenarios[0]}/xlsx/": "",  # the scenario's name is the sheet's title, checked below
        f"/perencana/bandingkan/xlsx/?{'&'.join(f's={pk}' for pk in scenarios)}": "perbandingan",
        f"/bpjs/pendaftaran/{batch.pk}/unduh.xlsx": "pendaftaran BPJS",
        f"/api/v1/bpjs-registration-batches/{batch.pk}/download/": "pendaftaran BPJS (API)",
        f"/iuran/setoran/{statement.remittance_id}/rekonsiliasi/xlsx/": "rekonsiliasi",
        f"/pekerja/impor/{rejected.pk}/ditolak.xlsx": "baris ditolak",
        "/laporan/data-terbuka/cakupan-kecamatan.csv": "data terbuka",
    }
    hostile_seen = {}
    for url, label in exports.items():
        response = client.get(url)
        assert response.status_code == 200, (label, url, response.status_code)
        texts = _check(response.content, response["Content-Type"])
        if label:
            hostile_seen[label] = any(text.lstrip("'").startswith(FORMULA_STARTS) for text in texts)
    # Every file carried some of the hostile text, as text.
    assert [label for label, seen in hostile_seen.items() if not seen] == []
    scenario = client.get(f"/perencana/{scenarios[0]}/xlsx/").content
    assert load_workbook(io.BytesIO(scenario)).sheetnames == ["=2+2 skenario"]  # its name, cleaned, as the title
