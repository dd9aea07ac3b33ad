"""What a user may do with one sponsor or sponsorship, for the pages and
the services alike."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, as_user, may, may_take_back
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.sponsorships.selectors import sponsor_manageable_by


@dataclass(frozen=True)
class SponsorActions:
    can_see_workers: bool
    can_see_payments: bool
    can_edit: bool
    can_start: bool
    can_record_payment: bool


def sponsor_actions(user: User | AnonymousUser, sponsor: Sponsor) -> SponsorActions:
    u = as_user(user)
    return SponsorActions(
        can_see_workers=may(u, Capability.READ_WORKERS),
        can_see_payments=may(u, Capability.READ_PAYMENTS),
        # A civil servant sponsor follows the roster; it is not edited here.
        can_edit=may(u, Capability.RECORD_SPONSORS) and sponsor.kind != Sponsor.Kind.CIVIL_SERVANT,
        can_start=u is not None and may(u, Capability.MANAGE_SPONSORSHIPS) and sponsor_manageable_by(u, sponsor),
        can_record_payment=may(u, Capability.KEEP_LEDGER),
    )


def sponsorship_end_undoable(actor: User | None, sponsorship: Sponsorship) -> bool:
    """Whether `actor` may take back the end of `sponsorship`: recorded today,
    by `actor`, or the labour office (None: the command line) undoing it."""
    if sponsorship.end_month is None:
        return False
    recorded = may_take_back(actor, recorded_by_id=sponsorship.ended_by_id, recorded_at=sponsorship.ended_at)
    return recorded and sponsor_manageable_by(actor, sponsorship.sponsor)


@dataclass(frozen=True)
class SponsorshipActions:
    can_see_workers: bool
    can_end: bool
    can_prepay: bool
    can_undo_end: bool


def sponsorship_actions(user: User | AnonymousUser, sponsorship: Sponsorship) -> SponsorshipActions:
    u = as_user(user)
    running = sponsorship.end_month is None
    return SponsorshipActions(
        can_see_workers=may(u, Capability.READ_WORKERS),
        can_end=running
        and u is not None
        and may(u, Capability.MANAGE_SPONSORSHIPS)
        and sponsor_manageable_by(u, sponsorship.sponsor),
        can_prepay=running and may(u, Capability.KEEP_LEDGER),
        can_undo_end=u is not None and sponsorship_end_undoable(u, sponsorship),
    )
