"""The one role matrix: which roles may do what.

Every page, API endpoint, menu item and service asks this module, by
capability, never by a set of roles of its own. *What* a permitted user then
sees or changes is the selectors' business (out of scope → 404), and what may
be done with one object in its state is the domain app's policy (e.g.
`workers.policy.worker_actions`), which starts from these capabilities.

A superuser may do everything; a user who is not logged in or not active may
do nothing. In a service, `actor=None` is an operator at the command line,
who runs the instance.
"""

from datetime import datetime
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from peduli.accounts.models import Role, User
from peduli.core.errors import ApplicationError


class Capability(StrEnum):
    USE_SITE = "use_site"
    READ_INSTANCE = "read_instance"
    READ_EVERY_PLACE = "read_every_place"
    READ_DASHBOARD = "read_dashboard"
    READ_REGIONS = "read_regions"
    LOAD_BOUNDARIES = "load_boundaries"
    READ_ROSTER = "read_roster"
    MANAGE_ROSTER = "manage_roster"
    MANAGE_AGENCIES = "manage_agencies"
    OPEN_ACCOUNTS = "open_accounts"
    MANAGE_USERS = "manage_users"
    READ_WORKERS = "read_workers"
    EDIT_WORKERS = "edit_workers"
    READ_SPONSORSHIPS = "read_sponsorships"
    READ_STATEMENTS = "read_statements"
    MANAGE_SPONSORSHIPS = "manage_sponsorships"
    FIND_WORKERS_TO_SPONSOR = "find_workers_to_sponsor"
    SPONSOR_FOR_SELF = "sponsor_for_self"
    RECORD_SPONSORS = "record_sponsors"
    READ_LEDGER = "read_ledger"
    READ_PAYMENTS = "read_payments"
    READ_TREASURY = "read_treasury"
    READ_CALENDAR = "read_calendar"
    KEEP_LEDGER = "keep_ledger"
    READ_REMITTANCES = "read_remittances"
    CONFIRM_REMITTANCES = "confirm_remittances"
    IMPORT_STATEMENTS = "import_statements"
    RESOLVE_DIFFERENCES = "resolve_differences"
    EXCHANGE_REGISTRATIONS = "exchange_registrations"
    KEEP_MEMBERS = "keep_members"
    READ_MEMBER_COUNTS = "read_member_counts"
    KEEP_CLAIMS = "keep_claims"
    READ_CLAIM_IMPACT = "read_claim_impact"
    READ_MONTHLY_REPORTS = "read_monthly_reports"
    REVIEW_MONTHLY_REPORTS = "review_monthly_reports"
    OVERSEE_MONTHLY_REPORTS = "oversee_monthly_reports"
    READ_RECAP = "read_recap"
    READ_BASELINES = "read_baselines"
    EDIT_BASELINES = "edit_baselines"
    PLAN = "plan"
    READ_API = "read_api"
    # Not a permission but a duty: these roles change money or personal data
    # in bulk, so they log in with a second factor (accounts/two_factor.py).
    LOG_IN_WITH_SECOND_FACTOR = "log_in_with_second_factor"


ADMIN, AGENCY, DISTRICT, ASN, BPJS, CSR, LEADER = (
    Role.REGENCY_ADMIN, Role.AGENCY_OPERATOR, Role.DISTRICT_OPERATOR, Role.CIVIL_SERVANT,
    Role.BPJS_OFFICER, Role.CSR_PARTNER, Role.LEADER,
)  # fmt: skip
EVERY_ROLE = frozenset(Role)
STAFF = EVERY_ROLE - {ASN}
# Roles bound to one place (an agency, a district, a civil servant's own
# record): they work where it is, with no region of their own (`User.region`).
PLACE_BOUND_ROLES = frozenset({AGENCY, DISTRICT, ASN})

# Read across: a capability, the roles that have it.
ROLE_MATRIX: dict[Capability, frozenset[Role]] = {
    Capability.USE_SITE: EVERY_ROLE,
    Capability.READ_INSTANCE: frozenset({ADMIN, LEADER}),
    # Workers, sponsorships, payments and figures of every place, not of one
    # agency or district (BPJS's officers serve the whole instance).
    Capability.READ_EVERY_PLACE: frozenset({ADMIN, LEADER, BPJS}),
    Capability.READ_DASHBOARD: frozenset({ADMIN, LEADER, BPJS, AGENCY, DISTRICT}),
    Capability.READ_REGIONS: STAFF,
    Capability.LOAD_BOUNDARIES: frozenset({ADMIN}),
    Capability.READ_ROSTER: frozenset({ADMIN, LEADER, AGENCY, DISTRICT}),
    Capability.MANAGE_ROSTER: frozenset({ADMIN, AGENCY, DISTRICT}),
    Capability.MANAGE_AGENCIES: frozenset({ADMIN}),
    # Civil servants' accounts and activation codes: the labour office, and
    # an agency's operator for the agency's people.
    Capability.OPEN_ACCOUNTS: frozenset({ADMIN, AGENCY}),
    # Accounts: every one for the labour office; an agency's or a district
    # office's operator those of its civil servants (`users.selectors`).
    Capability.MANAGE_USERS: frozenset({ADMIN, AGENCY, DISTRICT}),
    Capability.READ_WORKERS: frozenset({ADMIN, LEADER, DISTRICT, BPJS}),
    Capability.EDIT_WORKERS: frozenset({ADMIN, DISTRICT}),
    Capability.READ_SPONSORSHIPS: frozenset({ADMIN, LEADER, AGENCY, DISTRICT, BPJS, CSR}),
    Capability.READ_STATEMENTS: frozenset({ADMIN, LEADER, AGENCY, DISTRICT, BPJS, CSR, ASN}),
    # Recording sponsors and sponsorships for others (a civil servant does it
    # for themself on their own page: SPONSOR_FOR_SELF).
    Capability.MANAGE_SPONSORSHIPS: frozenset({ADMIN, AGENCY}),
    Capability.FIND_WORKERS_TO_SPONSOR: frozenset({ADMIN}),
    Capability.SPONSOR_FOR_SELF: frozenset({ASN}),
    Capability.RECORD_SPONSORS: frozenset({ADMIN}),
    Capability.READ_LEDGER: frozenset({ADMIN, LEADER, AGENCY, CSR}),
    # Money received from sponsors (bank references, what each payment paid):
    # the ledger's readers, and a civil servant their own on /saya/. BPJS's
    # officers and district operators read dues and remittances, not payments.
    Capability.READ_PAYMENTS: frozenset({ADMIN, LEADER, AGENCY, CSR, ASN}),
    Capability.READ_TREASURY: frozenset({ADMIN, LEADER, AGENCY}),
    Capability.READ_CALENDAR: STAFF,
    Capability.KEEP_LEDGER: frozenset({ADMIN}),
    Capability.READ_REMITTANCES: frozenset({ADMIN, LEADER, BPJS}),
    Capability.CONFIRM_REMITTANCES: frozenset({ADMIN, BPJS}),
    Capability.IMPORT_STATEMENTS: frozenset({ADMIN, BPJS}),
    Capability.RESOLVE_DIFFERENCES: frozenset({ADMIN}),
    Capability.EXCHANGE_REGISTRATIONS: frozenset({ADMIN, BPJS}),
    Capability.KEEP_MEMBERS: frozenset({ADMIN, BPJS}),
    Capability.READ_MEMBER_COUNTS: frozenset({ADMIN, BPJS, LEADER}),
    Capability.KEEP_CLAIMS: frozenset({ADMIN, BPJS}),
    Capability.READ_CLAIM_IMPACT: frozenset({ADMIN, BPJS, LEADER}),
    Capability.READ_MONTHLY_REPORTS: frozenset({ADMIN, LEADER, AGENCY, DISTRICT}),
    Capability.REVIEW_MONTHLY_REPORTS: frozenset({ADMIN}),
    Capability.OVERSEE_MONTHLY_REPORTS: frozenset({ADMIN, LEADER}),
    Capability.READ_RECAP: frozenset({ADMIN, LEADER, AGENCY, DISTRICT}),
    Capability.READ_BASELINES: frozenset({ADMIN, LEADER}),
    Capability.EDIT_BASELINES: frozenset({ADMIN}),
    Capability.PLAN: frozenset({ADMIN, LEADER}),
    Capability.READ_API: frozenset({ADMIN, BPJS, CSR, LEADER}),
    Capability.LOG_IN_WITH_SECOND_FACTOR: frozenset({ADMIN, BPJS, AGENCY, DISTRICT}),
}


# What a service says to a user whose role lacks the capability (a service may
# say something more particular).
REFUSALS: dict[Capability, StrOrPromise] = {
    Capability.MANAGE_AGENCIES: _("Hanya admin Disperinaker yang dapat mengubah data OPD."),
    Capability.OPEN_ACCOUNTS: _("Hanya Disperinaker dan operator OPD yang membuka akun ASN."),
    Capability.MANAGE_USERS: _("Hanya Disperinaker dan operator OPD atau kecamatan yang mengelola akun."),
    Capability.RECORD_SPONSORS: _("Hanya Disperinaker yang dapat mencatat donatur lembaga."),
    Capability.EDIT_BASELINES: _("Hanya admin Disperinaker yang dapat mengubah data dasar dan target."),
    Capability.PLAN: _("Hanya Disperinaker dan pimpinan daerah yang menyusun skenario."),
    Capability.EXCHANGE_REGISTRATIONS: _("Hanya petugas BPJS dan Disperinaker yang mengurus pendaftaran BPJS."),
    Capability.KEEP_CLAIMS: _("Hanya Disperinaker dan petugas BPJS yang dapat mencatat klaim."),
    Capability.REVIEW_MONTHLY_REPORTS: _("Hanya Disperinaker yang memeriksa laporan bulanan."),
    Capability.LOAD_BOUNDARIES: _("Hanya Disperinaker yang memuat batas wilayah."),
}
REFUSED = _("Anda tidak berwenang melakukan ini.")


def as_user(user: User | AnonymousUser | None) -> User | None:
    """The logged-in, active user, or None for anyone else."""
    if isinstance(user, User) and user.is_authenticated and user.is_active:
        return user
    return None


def may(user: User | AnonymousUser | None, capability: Capability) -> bool:
    """Whether this (logged-in, active) user's role has the capability."""
    u = as_user(user)
    return u is not None and (u.is_superuser or u.role in ROLE_MATRIX[capability])


def actor_may(actor: User | None, capability: Capability) -> bool:
    """For a service: whether the actor may; `actor=None` (the command line) may."""
    return actor is None or may(actor, capability)


def may_take_back(actor: User | None, *, recorded_by_id: int | None, recorded_at: datetime | None) -> bool:
    """ADR 0021's one rule for undoing what was recorded by mistake: on the
    day it was recorded, by whoever recorded it or the labour office (the
    command line, `actor=None`, acts for it)."""
    if recorded_at is None or timezone.localtime(recorded_at).date() != timezone.localdate():
        return False
    return actor_may(actor, Capability.MANAGE_AGENCIES) or (actor is not None and recorded_by_id == actor.pk)


def require_role(actor: User | None, capability: Capability, message: StrOrPromise | None = None) -> None:
    """For a service: refuse an actor whose role lacks the capability, with
    the message the user reads. `actor=None` (the command line) may."""
    if not actor_may(actor, capability):
        raise ApplicationError(str(message or REFUSALS.get(capability, REFUSED)), code="forbidden")
