"""Every URL that shows a NIK or an NIP leaves a row in the personal-data
access log, and no link Peduli draws carries one (issue 14 point 7).

The walk goes as people would: from every page and API list that needs no
id, it follows the links, htmx loads and API ids it is shown, one URL of
each route, as the labour office, an agency operator, a civil servant, the
BPJS officer and a CSR partner over the whole demo. It reads every answer —
page, JSON, xlsx, csv, PDF — for the NIKs and NIPs the database holds, and
asks for a log row of each answer that showed one. Nothing here knows which
views log: a new view that shows a NIK is walked and checked like the rest.
"""

import re
from collections.abc import Iterator

import pytest
from django.test import Client

from peduli.accounts.models import User
from peduli.accounts.roles import Role
from peduli.agencies.models import CivilServant
from peduli.bpjs.models import Claim, Member
from peduli.core.identity_in_urls import carries_identity_number
from peduli.core.models import AccessLog
from peduli.workers.models import Worker
from tests.support.clients import client_for
from tests.support.walk import routes_without_ids, text_of, walk

_NUMBER = re.compile(r"(?<!\d)(\d{16}|\d{18})(?!\d)")
# Pages that show who is who and must be among those the walk found showing
# a number: if one stops being walked, the walk has gone blind there.
MUST_SHOW = {
    "workers:worker_list", "workers:worker_detail", "workers:verification_queue", "workers:duplicate_list",
    "workers:import_detail", "agencies:civil_servant_list", "agencies:civil_servant_detail",
    "agencies:civil_servant_export", "sponsorships:sponsor_list", "ledger:payment_list", "ledger:arrears_export",
    "bpjs:member_list", "bpjs:claim_detail", "bpjs:registration_batch_detail", "bpjs:registration_batch_download",
    "me:receipt", "api:worker-list", "api:worker-detail", "api:civil-servant-list", "api:bpjs-member-list",
    "api:sponsorship-list", "api:duplicate-flag-list", "api:reconciliation-difference-list", "api:import-detail",
}  # fmt: skip


def _walk(client: Client, known: set[str]) -> Iterator[tuple[str, str, bool, bool]]:
    """(path, view name, showed a number, logged) for one URL of each route."""
    logs = AccessLog.objects.count()
    for visit in walk(client, routes_without_ids()):
        # The walk yields right after each request: what the count grew by is this one's.
        before, logs = logs, AccessLog.objects.count()
        assert not carries_identity_number(visit.path), f"a link carries a NIK or NIP: {visit.path}"
        response = visit.response
        if response.status_code != 200 or response.streaming:
            continue
        text = text_of(response.content, response.get("Content-Type", ""))
        shown = any(number in known for number in _NUMBER.findall(text))
        yield visit.path, visit.name, shown, logs > before


@pytest.mark.django_db
def test_every_url_that_shows_a_nik_or_nip_is_logged(demo: str) -> None:
    known = set(Worker.objects.values_list("nik", flat=True)) | set(CivilServant.objects.values_list("nip", flat=True))
    known |= set(Member.objects.values_list("nik", flat=True)) | set(Claim.objects.values_list("nik", flat=True))
    callers = [
        User.objects.get(username="disperinaker"), User.objects.get(username="operator.dinkes"),
        User.objects.filter(role=Role.CIVIL_SERVANT).order_by("pk").first(), User.objects.get(username="bpjs.kendal"),
        User.objects.get(username="mitra.csr"),
    ]  # fmt: skip
    showing: set[str] = set()
    unlogged: list[str] = []
    walked = 0
    for caller in callers:
        assert caller is not None
        for path, name, shown, logged in _walk(client_for(caller), known):
            walked += 1
            if shown:
                showing.add(name)
                if not logged:
                    unlogged.append(f"{caller.username}: {path}")
    assert unlogged == [], "\n".join(unlogged)
    assert MUST_SHOW - showing == set(), "\n".join(sorted(showing))
    assert walked > 300, walked
