"""Reconciling a remittance with BPJS's billing and confirmation file: every
kind of difference found where the two sets overlap, re-imports that change
nothing, a corrected file that keeps resolutions, resolving with a note
(audited), refusals, and the `peduli reconcile` command."""

from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.core.control_characters import CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE
from peduli.core.errors import ApplicationError
from peduli.ledger.models import ReconciliationDifference, RemittanceStatement, StatementLine
from peduli.ledger.reconciliation import reconciliation_difference_resolve, remittance_statement_import
from peduli.ledger.reconciliation_file import StatementRejected
from peduli.ledger.services import remittance_create
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.ledger.conftest import UNKNOWN_NIK, Remitted, overlapping_rows
from tests.support.records.ledger import pay


def differences(statement: RemittanceStatement) -> set[tuple[str, str, int, int, int]]:
    return {
        (d.kind, d.nik, d.our_amount, d.billed_amount, d.confirmed_amount)
        for d in ReconciliationDifference.objects.filter(statement=statement)
    }


def test_every_kind_of_difference_is_found_where_the_sets_overlap(
    remitted: Remitted, statement_csv: Callable[..., bytes], admin: User
) -> None:
    r = remitted
    a, b, c, d = r.workers
    done = remittance_statement_import(
        actor=admin, remittance=r.remittance, file_name="bpjs.csv", content=statement_csv(overlapping_rows(r))
    )
    assert done.created and done.differences == 5
    assert differences(done.statement) == {
        ("not_confirmed", b.nik, 16_800, 16_800, 0),
        ("not_confirmed", d.nik, 16_800, 0, 0),
        ("amount", c.nik, 16_800, 16_800, 10_000),
        ("not_owed", r.outsider.nik, 0, 16_800, 16_800),
        ("not_owed", UNKNOWN_NIK, 0, 16_800, 16_800),
    }
    assert (done.statement.line_count, done.statement.billed_amount, done.statement.confirmed_amount) == (
        5, 5 * 16_800, 16_800 + 10_000 + 2 * 16_800,
    )  # fmt: skip
    lines = {line.row_number: line.worker_id for line in StatementLine.objects.filter(statement=done.statement)}
    assert lines == {2: a.pk, 3: b.pk, 4: c.pk, 5: r.outsider.pk, 6: None}  # the outsider found by KPJ
    unknown = ReconciliationDifference.objects.get(nik=UNKNOWN_NIK)
    assert unknown.worker_id is None and unknown.due_id is None


def test_a_statement_that_matches_records_no_difference(
    remitted: Remitted, statement_csv: Callable[..., bytes], admin: User
) -> None:
    rows = [(w.nik, w.kpj, str(remitted.month), 16_800, "Terkonfirmasi", 16_800) for w in remitted.workers]
    done = remittance_statement_import(
        actor=admin, remittance=remitted.remittance, file_name="bpjs.csv", content=statement_csv(rows)
    )
    assert done.differences == 0 and done.statement.confirmed_amount == remitted.remittance.total_amount


def test_reimporting_the_same_lines_changes_nothing_even_reordered(
    remitted: Remitted, statement_csv: Callable[..., bytes], admin: User, user_factory: Callable[..., User]
) -> None:
    rows = overlapping_rows(remitted)
    first = remittance_statement_import(
        actor=admin, remittance=remitted.remittance, file_name="bpjs.csv", content=statement_csv(rows)
    )
    difference = first.statement.differences.get(kind="amount")
    reconciliation_difference_resolve(actor=admin, difference=difference, note="Koreksi dikirim ke BPJS")
    before = list(ReconciliationDifference.objects.values().order_by("pk"))
    officer = user_factory("bpjs_officer")
    again = remittance_statement_import(
        actor=officer, remittance=remitted.remittance, file_name="bpjs-lagi.csv",
        content=statement_csv(list(reversed(rows))),
    )  # fmt: skip
    assert not again.created and again.statement.pk == first.statement.pk
    assert RemittanceStatement.objects.count() == 1 and StatementLine.objects.count() == 5
    assert list(ReconciliationDifference.objects.values().order_by("pk")) == before
    assert again.differences == 4


def test_a_corrected_file_replaces_the_statement_and_keeps_resolutions_still_true(
    remitted: Remitted, statement_csv: Callable[..., bytes], admin: User
) -> None:
    r = remitted
    rows = overlapping_rows(r)
    first = remittance_statement_import(
        actor=admin, remittance=r.remittance, file_name="a.csv", content=statement_csv(rows)
    )
    for kind in ("amount", "not_owed"):
        for difference in first.statement.differences.filter(kind=kind):
            reconciliation_difference_resolve(actor=admin, difference=difference, note=f"Selesai {kind}")
    # BPJS now confirms B and lists D; C's amount and the billed-but-not-owed lines stay.
    _a, b, c, d = r.workers
    corrected = [rows[0], (b.nik, "", str(r.month), "16800", "Terkonfirmasi", ""),
                 (d.nik, "", str(r.month), "16800", "Terkonfirmasi", ""), *rows[2:]]  # fmt: skip
    second = remittance_statement_import(
        actor=admin, remittance=r.remittance, file_name="b.csv", content=statement_csv(corrected)
    )
    assert second.created and second.statement.is_current
    first.statement.refresh_from_db()
    assert not first.statement.is_current
    kept = {(x.kind, x.nik, x.resolution_note) for x in second.statement.differences.all()}
    assert kept == {
        ("amount", c.nik, "Selesai amount"),
        ("not_owed", r.outsider.nik, "Selesai not_owed"),
        ("not_owed", UNKNOWN_NIK, "Selesai not_owed"),
    }
    assert second.differences == 0


def test_resolving_needs_a_note_and_the_labour_office_and_is_audited(
    remitted: Remitted, statement_csv: Callable[..., bytes], admin: User, user_factory: Callable[..., User]
) -> None:
    done = remittance_statement_import(
        actor=admin, remittance=remitted.remittance, file_name="bpjs.csv",
        content=statement_csv(overlapping_rows(remitted)),
    )  # fmt: skip
    difference = done.statement.differences.get(kind="amount")
    with pytest.raises(ApplicationError, match="Tulis bagaimana") as blank:
        reconciliation_difference_resolve(actor=admin, difference=difference, note="  ")
    assert blank.value.field == "note"
    for role in ("bpjs_officer", "leader"):
        with pytest.raises(ApplicationError, match="Hanya Disperinaker") as refused:
            reconciliation_difference_resolve(actor=user_factory(role), difference=difference, note="Sudah")
        assert refused.value.code == "forbidden"
    resolved = reconciliation_difference_resolve(
        actor=admin, difference=difference, note=" Selisih Rp 6.800 ditagihkan "
    )
    assert (resolved.resolved_by, resolved.resolution_note) == (admin, "Selisih Rp 6.800 ditagihkan")
    history = difference.history.order_by("-history_date").first()  # type: ignore[attr-defined]
    assert (history.history_user, history.resolution_note, history.history_type) == (
        admin, "Selisih Rp 6.800 ditagihkan", "~",
    )  # fmt: skip
    with pytest.raises(ApplicationError, match="sudah diselesaikan"):
        reconciliation_difference_resolve(actor=admin, difference=difference, note="Lagi")


def test_a_replaced_statements_difference_cannot_be_resolved(
    remitted: Remitted, statement_csv: Callable[..., bytes], admin: User
) -> None:
    rows = overlapping_rows(remitted)
    first = remittance_statement_import(
        actor=admin, remittance=remitted.remittance, file_name="a.csv", content=statement_csv(rows)
    )
    remittance_statement_import(
        actor=admin, remittance=remitted.remittance, file_name="b.csv", content=statement_csv(rows[:2])
    )
    with pytest.raises(ApplicationError, match="sudah diganti"):
        reconciliation_difference_resolve(actor=admin, difference=first.statement.differences.first(), note="x")  # type: ignore[arg-type]


def test_bad_rows_refuse_the_whole_file_each_with_its_reason(
    remitted: Remitted, statement_csv: Callable[..., bytes], admin: User
) -> None:
    a, b, *_ = remitted.workers
    rows = [
        (a.nik, "", str(remitted.month), "16800", "Terkonfirmasi", ""),
        ("33240112", "", "", "16800", "Terkonfirmasi", ""),
        (b.nik, "", "13/2025", "enam belas ribu", "mungkin", ""),
        ("", "", "", "16800", "", ""),
        (a.nik, "", str(remitted.month), "16800", "Belum", "16800"),
        (a.nik, "", str(remitted.month), "16800", "Terkonfirmasi", ""),
    ]
    with pytest.raises(StatementRejected) as rejected:
        remittance_statement_import(
            actor=admin, remittance=remitted.remittance, file_name="x.csv", content=statement_csv(rows)
        )
    reasons = dict(rejected.value.rows)
    assert sorted(reasons) == [3, 4, 5, 6, 7]
    assert reasons[3] == 'NIK "33240112" harus 16 angka.'
    assert 'Bulan "13/2025" tidak dikenal' in reasons[4] and '"enam belas ribu" bukan rupiah' in reasons[4]
    assert 'Status "mungkin" tidak dikenal' in reasons[4]
    assert reasons[5] == "Isi NIK atau nomor KPJ."
    assert reasons[6] == "Status belum dikonfirmasi tetapi iuran dikonfirmasi diisi."
    assert reasons[7] == "Pekerja dan bulan ini sudah ada di baris 2."
    assert RemittanceStatement.objects.count() == 0


def test_a_file_without_identity_columns_or_not_a_table_is_refused(
    remitted: Remitted, statement_csv: Callable[..., bytes], admin: User
) -> None:
    content = statement_csv([("Ani", "16800")], header="Nama;Iuran Ditagih (Rp)")
    with pytest.raises(ApplicationError, match="NIK atau Nomor KPJ"):
        remittance_statement_import(actor=admin, remittance=remitted.remittance, file_name="x.csv", content=content)
    with pytest.raises(ApplicationError, match="tidak didukung"):
        remittance_statement_import(actor=admin, remittance=remitted.remittance, file_name="x.pdf", content=b"%PDF")


def test_only_a_confirmed_remittance_is_reconciled_by_its_importers(
    company: Sponsor, worker_factory: Callable[..., Worker], statement_csv: Callable[..., bytes], admin: User,
    user_factory: Callable[..., User], remitted: Remitted, agencies: dict[str, Agency],
) -> None:  # fmt: skip
    content = statement_csv(overlapping_rows(remitted))
    users = [
        user_factory("agency_operator", agency=agencies["dinkes"]),
        user_factory("leader"),
        user_factory("csr_partner"),
    ]
    for user in users:
        with pytest.raises(ApplicationError) as refused:
            remittance_statement_import(actor=user, remittance=remitted.remittance, file_name="x.csv", content=content)
        assert refused.value.code == "forbidden"
    sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=remitted.month + 1)
    pay(company, 16_800 * 5, "TRF-REKON-2")
    draft = remittance_create(actor=None, month=remitted.month + 1)
    with pytest.raises(ApplicationError, match="belum dikonfirmasi") as refused:
        remittance_statement_import(actor=admin, remittance=draft, file_name="x.csv", content=content)
    assert refused.value.code == "not_confirmed"


# Command ---------------------------------------------------------------------


def test_reconcile_command_imports_prints_the_summary_and_the_report(
    remitted: Remitted, statement_csv: Callable[..., bytes], tmp_path: Path
) -> None:
    path = tmp_path / "bpjs.csv"
    path.write_bytes(statement_csv(overlapping_rows(remitted)))
    out = StringIO()
    call_command("reconcile", str(remitted.remittance.pk), str(path), stdout=out)
    text = out.getvalue()
    assert "5 baris" in text and "5 selisih belum diselesaikan" in text
    assert "Rp 67.200" in text  # ours
    out = StringIO()
    call_command("reconcile", str(remitted.remittance.pk), str(path), stdout=out)
    assert "tidak ada yang berubah" in out.getvalue()
    out = StringIO()
    call_command("reconcile", str(remitted.remittance.pk), "--report", stdout=out)
    report = out.getvalue()
    assert UNKNOWN_NIK in report and remitted.workers[2].nik in report and "Jumlah berbeda" in report
    assert report.count("\n") >= 5


def test_reconcile_command_says_what_is_wrong(remitted: Remitted, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Setoran nomor 999999 tidak ada"):
        call_command("reconcile", "999999", "--report")
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("reconcile", str(remitted.remittance.pk), str(tmp_path / "tidak-ada.csv"))
    with pytest.raises(CommandError, match="berkas BPJS atau --report"):
        call_command("reconcile", str(remitted.remittance.pk))


def test_a_control_character_in_a_cell_refuses_the_statement_naming_the_column(
    remitted: Remitted, statement_csv: Callable[..., bytes], admin: User
) -> None:
    a, b, *_ = remitted.workers
    rows = [
        (a.nik, "", str(remitted.month), "16800", "Terkonfirmasi", ""),
        (b.nik, "2501\x0012", str(remitted.month), "16800", "Terkonfirmasi", ""),
    ]
    with pytest.raises(StatementRejected) as rejected:
        remittance_statement_import(
            actor=admin, remittance=remitted.remittance, file_name="x.csv", content=statement_csv(rows)
        )
    assert rejected.value.rows == [(3, str(CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE) % {"columns": "Nomor KPJ"})]
    assert RemittanceStatement.objects.count() == 0
