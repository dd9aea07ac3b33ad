"""The whole demo, built once per test session for the tests in this package:
loaded onto an older demo (regions, agencies, roster, logins and workers but
nothing later) the way `peduli demo` finds it.

Once per session: the fixture is package-scoped, and under `-n` the tests
here go to one worker as one unit and run one after another there (the
scheduler of tests/conftest.py, `pytest_xdist_make_scheduler`).

Isolated: the demo is built inside a transaction that is rolled back when the
package's last test is done, so no test elsewhere sees it and nothing stays
in the database for --reuse-db. Each test runs in a savepoint of its own (the
`db` fixture), rolled back after it, so a test that writes leaves the demo as
it found it. A transactional test (`transaction=True`) cannot live here: it
would commit and flush; collection refuses one.
"""

from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from pytest_django import DjangoDbBlocker

from peduli.accounts.models import User
from peduli.bpjs.models import RegistrationTemplate
from peduli.bpjs.registration_fields import registration_template_ensure
from peduli.demo.kendal import SEED, demo_base_load
from peduli.demo.workers import demo_workers_load
from peduli.ledger.models import RateSchedule
from peduli.ledger.rates import rate_schedule_ensure
from peduli.workers.models import Occupation
from peduli.workers.occupations import occupations_ensure

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE not in item.path.parents:
            continue
        marker = item.get_closest_marker("django_db")
        if "transactional_db" in getattr(item, "fixturenames", ()) or (marker and marker.kwargs.get("transaction")):
            raise pytest.UsageError(f"{item.nodeid}: a transactional test would flush the shared demo")


@pytest.fixture(scope="package")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    """The older demo, completed by the command: what the command printed."""
    with django_db_blocker.unblock(), transaction.atomic():
        # A transactional test before this package flushes what migrations seeded.
        occupations_ensure(Occupation)
        rate_schedule_ensure(RateSchedule)
        registration_template_ensure(RegistrationTemplate)
        demo_base_load(all_regions=False)
        demo_workers_load(seed=SEED, verifier=User.objects.get(username="disperinaker"))
        output = StringIO()
        call_command("demo", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)
