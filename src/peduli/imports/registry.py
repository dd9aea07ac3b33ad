"""The kinds of import, by name. Specs live in their own apps; they are looked
up here lazily so the engine does not depend on the apps that use it."""

from importlib import import_module

from django.utils.translation import gettext as _

from peduli.core.errors import ApplicationError
from peduli.imports.spec import ImportSpec

SPECS = {
    "baselines": "peduli.reporting.baselines.importing:BASELINE_IMPORT",
    "bpjs_claims": "peduli.bpjs.claim_importing:CLAIM_IMPORT",
    "bpjs_member_counts": "peduli.bpjs.member_importing:MEMBER_COUNT_IMPORT",
    "bpjs_members": "peduli.bpjs.member_importing:MEMBER_LIST_IMPORT",
    "bpjs_registration_answers": "peduli.bpjs.registration_importing:ANSWER_IMPORT",
    "civil_servants": "peduli.agencies.importing:CIVIL_SERVANT_IMPORT",
    "payments": "peduli.ledger.importing:PAYMENT_IMPORT",
    "workers": "peduli.workers.importing:WORKER_IMPORT",
}


def spec_for(kind: str) -> ImportSpec:
    if kind not in SPECS:
        raise ApplicationError(_("Jenis impor %(kind)s tidak dikenal.") % {"kind": kind}, field="kind")
    module, name = SPECS[kind].split(":")
    spec: ImportSpec = getattr(import_module(module), name)
    return spec
