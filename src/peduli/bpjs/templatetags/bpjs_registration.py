"""The worker page's note on their BPJS registration (waiting, or rejected
with the reason to fix), for whoever may see the worker."""

from typing import Any

from django import template

from peduli.bpjs.registration_selectors import registration_latest_entry_for

register = template.Library()


@register.inclusion_tag("bpjs/registration_worker_note.html", takes_context=True)
def registration_note(context: Any, worker: Any) -> dict[str, Any]:
    request = context.get("request")
    entry = registration_latest_entry_for(request.user, worker) if request is not None else None
    return {"entry": entry}
