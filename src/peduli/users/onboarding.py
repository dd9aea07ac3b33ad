"""Accounts for the whole civil service, and the one-time codes with which
people set their own password (issue 15, ADR 0019).

- `accounts_open` gives every civil servant in service who has no account
  one — username their NIP, no usable password — and an activation code,
  in a few set-based statements: 10,000 people in seconds, because no
  password is hashed until its owner chooses it.
- `activation_code_issue` gives one person a new code (a lost slip, a
  forgotten password without an e-mail address).
- `account_activate` takes NIP + date of birth + code and the new password;
  every refusal says the same thing, so the page tells an outsider nothing
  about which NIPs exist.
"""

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from peduli.accounts.models import ActivationCode, Role, User
from peduli.accounts.roles import Capability, may
from peduli.agencies.models import Agency, CivilServant
from peduli.agencies.selectors import active_on
from peduli.core.errors import ApplicationError
from peduli.core.identity import normalize_nip

# No 0/O, 1/I/L: a code is typed from paper on a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
BATCH = 2_000


def code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))


def _expiry() -> timedelta:
    return timedelta(days=settings.PEDULI_ACTIVATION_CODE_DAYS)


def _require(actor: User | None, agency: Agency | None) -> None:
    """The labour office opens anyone's; an agency's operator only the agency's."""
    if actor is None:
        return
    own_agency = actor.role != Role.AGENCY_OPERATOR or (agency is not None and agency.pk == actor.agency_id)
    if not may(actor, Capability.OPEN_ACCOUNTS) or not own_agency:
        raise ApplicationError(_("Anda tidak berwenang membuka akun ASN OPD ini."), code="forbidden")


@dataclass(frozen=True)
class Opened:
    accounts: int
    codes: int


def without_account(agency: Agency | None = None) -> QuerySet[CivilServant]:
    """Civil servants in service today who have no account yet."""
    people = active_on(CivilServant.objects.all(), timezone.localdate())
    if agency is not None:
        people = people.filter(agency=agency)
    return people.exclude(Exists(User.objects.filter(civil_servant=OuterRef("pk"))))


@transaction.atomic
def accounts_open(*, actor: User | None, agency: Agency | None = None) -> Opened:
    """An account and an activation code for every civil servant in service
    (of `agency`, or of the whole instance) who has none."""
    _require(actor, agency)
    now = timezone.now()
    unusable = make_password(None)  # no password matches it, and nothing is hashed
    created = 0
    people = without_account(agency).values_list("pk", "nip", "name").order_by("pk")
    batch: list[User] = []
    for pk, nip, name in people.iterator(chunk_size=BATCH):
        first, _sep, last = name.partition(" ")
        batch.append(
            User(username=nip, first_name=first[:150], last_name=last[:150], role=Role.CIVIL_SERVANT,
                 civil_servant_id=pk, password=unusable, date_joined=now)
        )  # fmt: skip
        if len(batch) == BATCH:
            created += _create(batch, actor)
            batch = []
    created += _create(batch, actor)
    waiting = User.objects.filter(role=Role.CIVIL_SERVANT, password__startswith=UNUSABLE_PASSWORD_PREFIX)
    if agency is not None:
        waiting = waiting.filter(civil_servant__agency=agency)
    return Opened(accounts=created, codes=_codes_for(waiting, actor))


def _create(users: list[User], actor: User | None) -> int:
    """The accounts, each with its history's "+" row (who opened it, when)."""
    return len(bulk_create_with_history(users, User, batch_size=BATCH, default_user=actor))


def _codes_for(users: QuerySet[User], actor: User | None) -> int:
    """A code for each of `users` who has no valid one (an expired one is replaced)."""
    now = timezone.now()
    ActivationCode.objects.filter(user__in=users, expires_at__lte=now).delete()
    issued = 0
    pks = list(users.exclude(Exists(ActivationCode.objects.filter(user=OuterRef("pk")))).values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        rows = [
            ActivationCode(user_id=pk, code=code_new(), issued_at=now, expires_at=now + _expiry(), issued_by=actor)
            for pk in pks[start : start + BATCH]
        ]
        issued += len(ActivationCode.objects.bulk_create(rows))
    return issued


@transaction.atomic
def activation_code_issue(*, actor: User | None, user: User) -> ActivationCode:
    """A new code for `user` (the old one stops working)."""
    if user.role != Role.CIVIL_SERVANT:
        raise ApplicationError(_("Kode aktivasi hanya untuk akun ASN."), field="user")
    _require(actor, user.civil_servant.agency if user.civil_servant else None)
    ActivationCode.objects.filter(user=user).delete()
    now = timezone.now()
    return ActivationCode.objects.create(
        user=user, code=code_new(), issued_at=now, expires_at=now + _expiry(), issued_by=actor
    )


def refused() -> ApplicationError:
    return ApplicationError(
        _(
            "NIP, tanggal lahir atau kode aktivasi tidak cocok, atau kodenya sudah tidak berlaku. Periksa slip Anda, "
            "atau minta kode baru kepada operator OPD Anda."
        ),
        code="activation_refused",
    )


@transaction.atomic
def account_activate(*, nip: str, birth_date: date, code: str, password: str) -> User:
    """Set the password of the account whose NIP, date of birth and current
    code all match; the code is used up."""
    typed = "".join(code.split()).upper()
    found = (
        ActivationCode.objects.select_related("user", "user__civil_servant")
        .select_for_update(of=("self",))
        .filter(user__username=normalize_nip(nip), expires_at__gt=timezone.now())
        .first()
    )
    person = found.user.civil_servant if found is not None else None
    if found is None or person is None or person.birth_date != birth_date:
        raise refused()
    if not secrets.compare_digest(found.code, typed):
        raise refused()
    user = found.user
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages), field="password") from error
    user.set_password(password)
    user.is_active = True
    user._history_user = user  # type: ignore[attr-defined]
    user.save()
    found.delete()
    return user
