"""What a user may do with one payment or remittance in its state, for the
pages and the services alike."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, may
from peduli.ledger.models import Payment, Remittance


def payment_can_reverse(user: User | AnonymousUser | None, payment: Payment, *, reversed_already: bool) -> bool:
    """A posted payment is cancelled once, by a reversal row; a reversal is not reversed."""
    return may(user, Capability.KEEP_LEDGER) and payment.reverses_id is None and not reversed_already


@dataclass(frozen=True)
class RemittanceActions:
    can_confirm: bool
    can_cancel: bool
    can_import: bool  # BPJS's statement of what it received
    can_resolve: bool  # a difference between the statement and the remittance


def remittance_actions(user: User | AnonymousUser, remittance: Remittance) -> RemittanceActions:
    draft = remittance.status == Remittance.Status.DRAFT
    return RemittanceActions(
        can_confirm=draft and may(user, Capability.CONFIRM_REMITTANCES),
        can_cancel=draft and may(user, Capability.KEEP_LEDGER),
        can_import=remittance.status == Remittance.Status.CONFIRMED and may(user, Capability.IMPORT_STATEMENTS),
        can_resolve=may(user, Capability.RESOLVE_DIFFERENCES),
    )
