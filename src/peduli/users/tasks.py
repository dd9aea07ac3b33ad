"""Background work of civil servants' accounts: the activation codes sent by
e-mail (thousands of messages do not fit in a web request)."""

from django_tasks import task

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.users.onboarding import activation_codes_email


@task()
def activation_codes_email_task(actor_id: int | None, agency_id: int | None, activation_url: str) -> int:
    """How many codes went (the task's result)."""
    actor = User.objects.get(pk=actor_id) if actor_id is not None else None
    agency = Agency.objects.get(pk=agency_id) if agency_id is not None else None
    return activation_codes_email(actor=actor, agency=agency, activation_url=activation_url)
