"""Background work of the roster, enqueued every hour by `peduli scheduler`."""

from django.utils import timezone
from django_tasks import task

from peduli.agencies.services import accounts_of_leavers_end


@task()
def accounts_of_leavers_end_task() -> int:
    """Close the accounts of civil servants whose service ended by today."""
    return accounts_of_leavers_end(today=timezone.localdate())
