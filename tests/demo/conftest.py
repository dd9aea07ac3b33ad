"""The demo, loaded once per module onto an older demo (regions, agencies,
roster, logins and workers but nothing later) the way `peduli demo` finds it,
and rolled back after the module."""

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from peduli.accounts.models import User
from peduli.bpjs.models import RegistrationTemplate
from peduli.bpjs.registration_fields import registration_template_ensure
from peduli.demo.kendal import SEED, demo_base_load
from peduli.demo.workers import demo_workers_load
from peduli.ledger.models import RateSchedule
from peduli.ledger.rates import rate_schedule_ensure
from peduli.workers.models import Occupation
from peduli.workers.occupations import occupations_ensure


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The older demo, completed by the command; rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        # A transactional test before this module flushes what migrations seeded.
        occupations_ensure(Occupation)
        rate_schedule_ensure(RateSchedule)
        registration_template_ensure(RegistrationTemplate)
        demo_base_load(all_regions=False)
        demo_workers_load(seed=SEED, verifier=User.objects.get(username="disperinaker"))
        output = StringIO()
        call_command("demo", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)
