"""The JKM hint on a worker's page: which death benefit their heirs could
claim today, from how long they have been a BPJS member."""

from typing import Any

from django import template
from django.utils import timezone

from peduli.bpjs.member_selectors import JKM_FULL_AFTER_MONTHS, worker_jkm_eligibility
from peduli.workers.models import Worker

register = template.Library()


@register.inclusion_tag("bpjs/partials/claim_jkm_hint.html")
def jkm_hint(worker: Worker) -> dict[str, Any]:
    return {
        "eligibility": worker_jkm_eligibility(worker=worker, on=timezone.localdate()),
        "full_after": JKM_FULL_AFTER_MONTHS,
    }
