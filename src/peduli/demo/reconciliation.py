"""The demo's reconciliation with BPJS: for the latest confirmed remittances,
the statement BPJS sends back, with the few differences a real month has —
one due BPJS did not confirm, one worker-month it confirmed for less, one
worker it billed who is not in the remittance — imported through the same
service as an uploaded file, and the amount difference resolved with a note.
Deterministic and idempotent: run again, it changes nothing."""

from django.db import transaction

from peduli.accounts.models import Role, User
from peduli.core.months import YearMonth
from peduli.core.xlsx import workbook_bytes
from peduli.ledger.models import Due, ReconciliationDifference, Remittance, RemittanceStatement
from peduli.ledger.reconciliation import reconciliation_difference_resolve, remittance_statement_import
from peduli.ledger.reconciliation_exports import TEMPLATE_HEADERS
from peduli.workers.models import Worker

REMITTANCES = 2
SHORT_BY = 6_800  # BPJS took the JKM part only: JKK missing
# A NIK no worker of the demo has, when every registered worker is in the remittance.
STRANGER_NIK = "3324019912990001"
RESOLUTION = "BPJS mencatat JKM saja; kekurangan JKK Rp 6.800 sudah dikirim ulang dengan surat koreksi Disperinaker."


def _user(role: str) -> User | None:
    return User.objects.filter(role=role, is_active=True).order_by("pk").first()


def _statement_rows(remittance: Remittance) -> list[list[object]]:
    """Every due of the remittance confirmed, but the first left out and the
    second confirmed short; and one worker not in it billed."""
    month = str(YearMonth.of(remittance.month))
    dues = list(
        Due.objects.filter(remittance=remittance).order_by("pk").values_list("worker__nik", "worker__kpj", "amount")
    )
    rows: list[list[object]] = []
    for index, (nik, kpj, amount) in enumerate(dues):
        if index == 0:
            continue
        confirmed = amount - SHORT_BY if index == 1 else amount
        rows.append([nik, kpj, month, amount, "Terkonfirmasi", confirmed])
    outsider = (
        Worker.objects.exclude(pk__in=Due.objects.filter(remittance=remittance).values("worker_id"))
        .order_by("pk")
        .values_list("nik", "kpj")
        .first()
    )
    nik, kpj = outsider or (STRANGER_NIK, "")
    amount = dues[0][2] if dues else 16_800
    rows.append([nik, kpj, month, amount, "Terkonfirmasi", amount])
    return rows


@transaction.atomic
def demo_reconciliation_load(*, remittances: int = REMITTANCES) -> list[RemittanceStatement]:
    """BPJS's statement of the latest `remittances` confirmed remittances,
    imported by the BPJS officer; the labour office resolves the amount
    difference. Returns the statements now current."""
    importer = _user(Role.BPJS_OFFICER) or _user(Role.REGENCY_ADMIN)
    resolver = _user(Role.REGENCY_ADMIN)
    latest = Remittance.objects.filter(status=Remittance.Status.CONFIRMED).order_by("-month", "-pk")[:remittances]
    statements = []
    for remittance in latest:
        month = YearMonth.of(remittance.month)
        content = workbook_bytes(
            title=f"Tagihan {month}", headers=TEMPLATE_HEADERS, rows=_statement_rows(remittance),
            text_columns=TEMPLATE_HEADERS[:3],
        )  # fmt: skip
        done = remittance_statement_import(
            actor=importer, remittance=remittance, file_name=f"tagihan-bpjs-kendal-{month}.xlsx", content=content
        )
        short = done.statement.differences.filter(kind=ReconciliationDifference.Kind.AMOUNT, resolved_at=None)
        for difference in short:
            reconciliation_difference_resolve(actor=resolver, difference=difference, note=RESOLUTION)
        statements.append(done.statement)
    return statements
