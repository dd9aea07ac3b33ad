"""Recording the JKK and JKM claims BPJS handled for the regency's members.

A claim is identified by BPJS's claim number (`reference`): recording the
same number again updates it, by hand or by file. Who the person is in Peduli
(the worker with that NIK), their district and who paid their premium when
the incident happened (the sponsor's kind, or `mandiri` when no Peduli
sponsorship covered that month) are derived by one set-based statement,
`claims_link`, for the form and the import alike.
"""

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, require_role
from peduli.bpjs.models import Claim
from peduli.core.errors import ApplicationError
from peduli.core.nik import parse_nik
from peduli.ledger.protection import SELF_PAYING
from peduli.regions.selectors import district_codes, instance_region_code

# BPJS pays the education benefit of a deceased member for at most two children.
MAX_SCHOLARSHIP_CHILDREN = 2
MAX_AMOUNT = 10**12
MONTH_START = {
    "postgresql": "CAST(date_trunc('month', {column}) AS date)",
    "sqlite": "date({column}, 'start of month')",
}


@dataclass(frozen=True)
class ClaimData:
    reference: str
    nik: str
    kind: str
    incident_date: date
    name: str = ""
    kpj: str = ""
    status: str = Claim.Status.FILED
    amount_paid: int = 0
    heirs_benefit: int = 0
    scholarship_children: int = 0
    paid_on: date | None = None
    note: str = ""


def _clean(data: ClaimData, *, today: date) -> ClaimData:
    reference = data.reference.strip().upper()
    if not reference:
        raise ApplicationError(_("Nomor klaim wajib diisi."), field="reference")
    if len(reference) > 40:
        raise ApplicationError(_("Nomor klaim paling panjang 40 huruf."), field="reference")
    nik = parse_nik(data.nik, district_codes=district_codes(), today=today).nik
    if data.kind not in Claim.Kind.values:
        raise ApplicationError(_("Jenis klaim harus JKK atau JKM."), field="kind")
    if data.status not in Claim.Status.values:
        raise ApplicationError(_("Status klaim tidak dikenal."), field="status")
    if data.incident_date > today:
        raise ApplicationError(_("Tanggal kejadian tidak boleh di masa depan."), field="incident_date")
    for field, value in (("amount_paid", data.amount_paid), ("heirs_benefit", data.heirs_benefit)):
        if not 0 <= value < MAX_AMOUNT:
            raise ApplicationError(_("Jumlah rupiah harus 0 atau lebih."), field=field)
    if not 0 <= data.scholarship_children <= MAX_SCHOLARSHIP_CHILDREN:
        raise ApplicationError(
            _("Beasiswa BPJS diberikan untuk paling banyak %(max)d anak.") % {"max": MAX_SCHOLARSHIP_CHILDREN},
            field="scholarship_children",
        )
    paid = data.status == Claim.Status.PAID
    if paid and data.paid_on is None:
        raise ApplicationError(_("Klaim yang dibayar harus diisi tanggal dibayarnya."), field="paid_on")
    if not paid and data.paid_on is not None:
        raise ApplicationError(_("Tanggal dibayar hanya untuk klaim berstatus Dibayar."), field="paid_on")
    if data.paid_on is not None and not data.incident_date <= data.paid_on <= today:
        raise ApplicationError(_("Tanggal dibayar harus antara tanggal kejadian dan hari ini."), field="paid_on")
    kpj = "".join(ch for ch in data.kpj if ch.isdigit())
    return replace(data, reference=reference, nik=nik, kpj=kpj, name=data.name.strip()[:150], note=data.note.strip())


def claims_link(*, where: str, params: list[Any] | tuple[Any, ...]) -> None:
    """Set the worker, district and funding source of the claims matching
    `where` (SQL on bpjs_claim), in one statement: the worker with the claim's
    NIK, that worker's district (else the district of the village BPJS listed
    the member in), and the kind of the sponsor whose sponsorship covered the
    incident's month, else `mandiri`."""
    incident_month = MONTH_START[connection.vendor].format(column="bpjs_claim.incident_date")
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE bpjs_claim SET
                worker_id = (SELECT w.id FROM workers_worker w WHERE w.nik = bpjs_claim.nik),
                district_id = COALESCE(
                    (SELECT w.district_id FROM workers_worker w WHERE w.nik = bpjs_claim.nik),
                    (SELECT SUBSTR(m.village_id, 1, 8) FROM bpjs_member m WHERE m.nik = bpjs_claim.nik)),
                funding_source = COALESCE(
                    (SELECT sp.kind FROM sponsorships_sponsorship s
                     JOIN sponsorships_sponsor sp ON sp.id = s.sponsor_id
                     JOIN workers_worker w ON w.id = s.worker_id
                     WHERE w.nik = bpjs_claim.nik AND s.start_month <= bpjs_claim.incident_date
                       AND (s.end_month IS NULL OR s.end_month >= {incident_month})
                     ORDER BY s.start_month DESC LIMIT 1),
                    %s)
            WHERE {where}""",
            [SELF_PAYING, *params],
        )


def _fields(data: ClaimData) -> dict[str, Any]:
    return {
        "nik": data.nik, "name": data.name, "kpj": data.kpj, "kind": data.kind, "incident_date": data.incident_date,
        "status": data.status, "amount_paid": data.amount_paid, "heirs_benefit": data.heirs_benefit,
        "scholarship_children": data.scholarship_children, "paid_on": data.paid_on, "note": data.note,
    }  # fmt: skip


@transaction.atomic
def claim_record(*, actor: User | None, data: ClaimData) -> Claim:
    """Record a claim BPJS reported; a claim number already recorded is refused
    (edit that claim instead)."""
    require_role(actor, Capability.KEEP_CLAIMS)
    data = _clean(data, today=timezone.localdate())
    if Claim.objects.filter(reference=data.reference).exists():
        raise ApplicationError(
            _("Klaim nomor %(reference)s sudah tercatat; ubah klaim itu.") % {"reference": data.reference},
            field="reference",
        )
    claim = Claim.objects.create(
        regency_id=instance_region_code(), reference=data.reference, recorded_by=actor, **_fields(data)
    )
    claims_link(where="id = %s", params=[claim.pk])
    claim.refresh_from_db()
    return claim


@transaction.atomic
def claim_update(*, actor: User | None, claim: Claim, data: ClaimData) -> Claim:
    """Change a recorded claim (its number stays)."""
    require_role(actor, Capability.KEEP_CLAIMS)
    data = _clean(replace(data, reference=claim.reference), today=timezone.localdate())
    Claim.objects.filter(pk=claim.pk).update(recorded_by=actor, recorded_at=timezone.now(), **_fields(data))
    claims_link(where="id = %s", params=[claim.pk])
    claim.refresh_from_db()
    return claim
