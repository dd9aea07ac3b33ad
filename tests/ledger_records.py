"""Writing ledger records the way the tests of several apps need them."""

from datetime import date
from typing import Any

from peduli.ledger.models import Payment
from peduli.ledger.services import payment_record
from peduli.sponsorships.models import Sponsor


def pay(sponsor: Sponsor, amount: int, reference: str, **extra: Any) -> Payment:
    """A transfer received today, recorded by an operator at the command line."""
    return payment_record(
        actor=None, sponsor=sponsor, amount=amount, received_on=date.today(), method="transfer",
        reference=reference, **extra,
    )  # fmt: skip
