"""`peduli demo` on an empty instance: quiet (issue 16 point 10) — the
notifications its services create are in the inboxes, and none is printed.

Transactional: the console backend takes a notification when the command's
transaction commits, which a test inside a rolled-back transaction (like
those of tests/demo/loaded) never sees."""

from io import StringIO

import pytest
from django.core.management import call_command

from peduli.accounts.models import User
from peduli.bpjs.models import RegistrationTemplate
from peduli.bpjs.registration_fields import registration_template_ensure
from peduli.ledger.models import RateSchedule
from peduli.ledger.rates import rate_schedule_ensure
from peduli.notifications.models import Notification
from peduli.notifications.services import notifications_send
from peduli.workers.models import Occupation
from peduli.workers.occupations import occupations_ensure

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_keeps_its_notifications_in_the_inboxes_and_prints_none(capsys: pytest.CaptureFixture[str]) -> None:
    # A transactional test before this one may have flushed what the migrations seed; put it back.
    occupations_ensure(Occupation)
    rate_schedule_ensure(RateSchedule)
    registration_template_ensure(RegistrationTemplate)
    output = StringIO()
    call_command("demo", "--regency-only", stdout=output)

    printed = capsys.readouterr().out + output.getvalue()
    assert "Data demo dimuat." in printed
    assert "[pemberitahuan]" not in printed
    assert Notification.objects.filter(title__contains="menunggak").count() > 10
    # After the demo, the instance's own backend (the console's) is in force
    # again: outside a transaction a notification goes out at once.
    notifications_send(users=[User.objects.get(username="disperinaker")], title="Uji", body="satu")
    assert "[pemberitahuan]" in capsys.readouterr().out
