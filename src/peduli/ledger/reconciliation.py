"""Reconciling a remittance with what BPJS Ketenagakerjaan billed and
confirmed for it.

BPJS's file (`reconciliation_file`) becomes a statement of lines; the
remittance's dues and the lines are compared as sets, by worker (found by
NIK, else KPJ) and month, in one INSERT … SELECT that records every
difference:

- a due we remitted that BPJS did not confirm (or did not list at all);
- a line BPJS billed that is not in the remittance;
- a worker-month both have but for different amounts.

Importing the same lines again changes nothing. A corrected file replaces the
statement; a difference it still shows keeps the note it was resolved with.
The labour office resolves each difference with a note (audited).
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, require_role
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.imports.reading import ROW_COLUMN
from peduli.imports.spec import StagingColumn
from peduli.imports.staging import staging_append, staging_create, staging_drop, table_analyze
from peduli.ledger.models import ReconciliationDifference, Remittance, RemittanceStatement
from peduli.ledger.reconciliation_file import StatementFile, StatementRejected, statement_read

STAGING_TABLE = "peduli_stage_statement"
STAGING = (
    StagingColumn(ROW_COLUMN, "bigint"),
    StagingColumn("nik", "text"),
    StagingColumn("kpj", "text"),
    StagingColumn("month", "date"),
    StagingColumn("billed_amount", "bigint"),
    StagingColumn("confirmed", "boolean"),
    StagingColumn("confirmed_amount", "bigint"),
)
# One row per difference of statement %(statement)s with remittance %(remittance)s.
DIFFERENCES_SQL = """
INSERT INTO ledger_reconciliationdifference (remittance_id, statement_id, kind, worker_id, due_id, nik, kpj, month,
    our_amount, billed_amount, confirmed_amount, resolution_note)
SELECT %(remittance)s, %(statement)s, 'not_confirmed', d.worker_id, d.id, w.nik, w.kpj, d.month, d.amount,
    COALESCE(l.billed_amount, 0), COALESCE(l.confirmed_amount, 0), ''
FROM ledger_due d JOIN workers_worker w ON w.id = d.worker_id
LEFT JOIN ledger_statementline l ON l.statement_id = %(statement)s AND l.worker_id = d.worker_id AND l.month = d.month
WHERE d.remittance_id = %(remittance)s AND (l.id IS NULL OR l.confirmed = FALSE)
UNION ALL
SELECT %(remittance)s, %(statement)s, 'not_owed', l.worker_id, NULL, COALESCE(w.nik, l.nik),
    CASE WHEN l.kpj <> '' THEN l.kpj ELSE COALESCE(w.kpj, '') END, l.month, 0, l.billed_amount, l.confirmed_amount, ''
FROM ledger_statementline l LEFT JOIN workers_worker w ON w.id = l.worker_id
LEFT JOIN ledger_due d ON d.remittance_id = %(remittance)s AND d.worker_id = l.worker_id AND d.month = l.month
WHERE l.statement_id = %(statement)s AND d.id IS NULL
UNION ALL
SELECT %(remittance)s, %(statement)s, 'amount', d.worker_id, d.id, w.nik, w.kpj, d.month, d.amount, l.billed_amount,
    l.confirmed_amount, ''
FROM ledger_statementline l JOIN ledger_due d
    ON d.remittance_id = %(remittance)s AND d.worker_id = l.worker_id AND d.month = l.month
JOIN workers_worker w ON w.id = d.worker_id
WHERE l.statement_id = %(statement)s AND l.confirmed = TRUE
    AND (l.billed_amount <> d.amount OR l.confirmed_amount <> d.amount)
"""
# A difference the replaced statement also had, with the same amounts, keeps its resolution.
CARRY_RESOLUTIONS_SQL = """
UPDATE ledger_reconciliationdifference SET resolved_by_id = p.resolved_by_id, resolved_at = p.resolved_at,
    resolution_note = p.resolution_note
FROM ledger_reconciliationdifference p
WHERE ledger_reconciliationdifference.statement_id = %(statement)s AND p.statement_id = %(previous)s
    AND p.resolved_at IS NOT NULL AND p.kind = ledger_reconciliationdifference.kind
    AND p.nik = ledger_reconciliationdifference.nik AND p.kpj = ledger_reconciliationdifference.kpj
    AND p.month = ledger_reconciliationdifference.month
    AND p.our_amount = ledger_reconciliationdifference.our_amount
    AND p.billed_amount = ledger_reconciliationdifference.billed_amount
    AND p.confirmed_amount = ledger_reconciliationdifference.confirmed_amount
"""


@dataclass(frozen=True)
class StatementImport:
    """What an import did: the statement now current, whether it is new
    (False: the same lines were already imported), and the differences found."""

    statement: RemittanceStatement
    created: bool
    differences: int


def _write_lines(*, statement: RemittanceStatement, read: StatementFile) -> None:
    """Stage the file's lines and insert them with the worker each NIK (else KPJ) names."""
    with connection.cursor() as cursor:
        staging_create(cursor, STAGING_TABLE, STAGING)
        try:
            staging_append(cursor, STAGING_TABLE, STAGING, read.lines)
            table_analyze(cursor, STAGING_TABLE)
            cursor.execute(
                f"""INSERT INTO ledger_statementline (statement_id, row_number, nik, kpj, worker_id, month,
                    billed_amount, confirmed, confirmed_amount)
                SELECT %s, s.{ROW_COLUMN}, COALESCE(s.nik, ''), COALESCE(s.kpj, ''), COALESCE(wn.id, wk.id), s.month,
                    s.billed_amount, s.confirmed, s.confirmed_amount
                FROM {STAGING_TABLE} s
                LEFT JOIN workers_worker wn ON wn.nik = s.nik
                LEFT JOIN (SELECT kpj, MIN(id) AS id FROM workers_worker WHERE kpj <> '' GROUP BY kpj) wk
                    ON wk.kpj = s.kpj""",
                [statement.pk],
            )
        finally:
            staging_drop(cursor, STAGING_TABLE)
        # One row by NIK and another by KPJ may turn out to be the same worker.
        cursor.execute(
            """SELECT MAX(row_number), MIN(row_number) FROM ledger_statementline WHERE statement_id = %s
                AND worker_id IS NOT NULL GROUP BY worker_id, month HAVING COUNT(*) > 1 ORDER BY 1""",
            [statement.pk],
        )
        twice = cursor.fetchall()
    if twice:
        raise StatementRejected(
            [(row, _("Pekerja dan bulan ini sudah ada di baris %(first)s (NIK dan KPJ orang yang sama).")
              % {"first": first}) for row, first in twice]
        )  # fmt: skip


@transaction.atomic
def remittance_statement_import(
    *, actor: User | None, remittance: Remittance, file_name: str, content: bytes
) -> StatementImport:
    """Import BPJS's billing and confirmation file for a confirmed remittance
    and record every difference with its dues. The same lines imported again
    change nothing; other lines replace the statement."""
    require_role(
        actor,
        Capability.IMPORT_STATEMENTS,
        _("Hanya Disperinaker atau petugas BPJS yang mengimpor berkas tagihan BPJS."),
    )
    # One import of a remittance at a time: the second waits and sees the first.
    remittance = Remittance.objects.select_for_update().get(pk=remittance.pk)
    if remittance.status != Remittance.Status.CONFIRMED:
        raise ApplicationError(
            _("Setoran ini belum dikonfirmasi BPJS; konfirmasi dulu, lalu cocokkan dengan berkas BPJS."),
            code="not_confirmed",
        )
    read = statement_read(file_name=file_name, content=content, month=YearMonth.of(remittance.month))
    fingerprint = read.fingerprint
    previous = RemittanceStatement.objects.filter(remittance=remittance, is_current=True).first()
    if previous is not None and previous.fingerprint == fingerprint:
        return StatementImport(
            statement=previous, created=False, differences=previous.differences.filter(resolved_at=None).count()
        )
    if previous is not None:
        RemittanceStatement.objects.filter(pk=previous.pk).update(is_current=False)
    statement = RemittanceStatement.objects.create(
        remittance=remittance, file_name=file_name[:255], fingerprint=fingerprint, line_count=read.lines.height,
        billed_amount=read.billed_amount, confirmed_amount=read.confirmed_amount, imported_by=actor,
    )  # fmt: skip
    _write_lines(statement=statement, read=read)
    keys = {"remittance": remittance.pk, "statement": statement.pk}
    with connection.cursor() as cursor:
        cursor.execute(DIFFERENCES_SQL, keys)
        if previous is not None:
            cursor.execute(CARRY_RESOLUTIONS_SQL, keys | {"previous": previous.pk})
    return StatementImport(
        statement=statement, created=True, differences=statement.differences.filter(resolved_at=None).count()
    )


@transaction.atomic
def reconciliation_difference_resolve(
    *, actor: User | None, difference: ReconciliationDifference, note: str
) -> ReconciliationDifference:
    """The labour office settled a difference (a correction sent to BPJS, a
    refund, a worker registered late): record how, with who and when."""
    require_role(
        actor, Capability.RESOLVE_DIFFERENCES, _("Hanya Disperinaker yang menyelesaikan selisih rekonsiliasi.")
    )
    if not note.strip():
        raise ApplicationError(_("Tulis bagaimana selisih ini diselesaikan."), field="note")
    difference = ReconciliationDifference.objects.select_for_update().select_related("statement").get(pk=difference.pk)
    if difference.resolved_at is not None:
        raise ApplicationError(_("Selisih ini sudah diselesaikan."), code="already_resolved")
    if not difference.statement.is_current:
        raise ApplicationError(
            _("Selisih ini dari berkas BPJS yang sudah diganti; selesaikan selisih dari berkas terbaru."),
            code="superseded",
        )
    difference.resolved_by, difference.resolved_at = actor, timezone.now()
    difference.resolution_note = note.strip()
    difference._history_user = actor  # type: ignore[attr-defined]
    difference.save(update_fields=["resolved_by", "resolved_at", "resolution_note"])
    return difference
