"""Accounts for the whole civil service, and the one-time codes with which
people set their own password (issue 15, ADR 0019).

- `accounts_open` gives every civil servant in service who has no account
  one — username their NIP, no usable password — and an activation code,
  in a few set-based statements: 10,000 people in seconds, because no
  password is hashed until its owner chooses it.
- `activation_code_issue` gives one person a new code (a lost slip, a
  forgotten password without an e-mail address), e-mailed at once when the
  roster holds their address.
- `activation_codes_email` sends the waiting codes to the roster's e-mail
  addresses through the notification backend, each once;
  `activation_codes_email_start` queues it as a background task (ten
  thousand messages do not fit in a web request).
- `account_activate` takes NIP + date of birth + code and the new password;
  every refusal says the same thing, so the page tells an outsider nothing
  about which NIPs exist.
"""

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from peduli.accounts.models import ActivationCode, Role, User
from peduli.accounts.roles import Capability, may
from peduli.agencies.models import Agency, CivilServant
from peduli.agencies.selectors import active_on
from peduli.core.errors import ApplicationError
from peduli.core.identity import normalize_nip
from peduli.imports.models import ImportBatch
from peduli.notifications.backends import configured_backend
from peduli.users.slips import waiting_codes

# No 0/O, 1/I/L: a code is typed from paper on a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
BATCH = 2_000
# Codes marked e-mailed at a time: a worker that dies sends again at most these.
EMAIL_BATCH = 100


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
    opened = _accounts_create(actor, agency)
    waiting = User.objects.filter(role=Role.CIVIL_SERVANT, password__startswith=UNUSABLE_PASSWORD_PREFIX)
    if agency is not None:
        waiting = waiting.filter(civil_servant__agency=agency)
    return Opened(accounts=len(opened), codes=_codes_for(waiting, actor))


@transaction.atomic
def accounts_open_after_import(*, sender: str, batch: ImportBatch, actor: User | None, **kwargs: object) -> None:
    """Each roster import that adds civil servants opens their accounts with
    a code at once (`imports.signals.imported`), recorded as the importer's;
    nobody else's code is touched."""
    if sender == "civil_servants" and batch.created_count:
        opened = _accounts_create(actor, None)
        _codes_for(User.objects.filter(civil_servant_id__in=opened), actor)


def _accounts_create(actor: User | None, agency: Agency | None) -> list[int]:
    """Accounts for those in service without one; the civil servants' ids."""
    now = timezone.now()
    unusable = make_password(None)  # no password matches it, and nothing is hashed
    opened: list[int] = []
    people = without_account(agency).values_list("pk", "nip", "name").order_by("pk")
    batch: list[User] = []
    for pk, nip, name in people.iterator(chunk_size=BATCH):
        first, _sep, last = name.partition(" ")
        batch.append(
            User(username=nip, first_name=first[:150], last_name=last[:150], role=Role.CIVIL_SERVANT,
                 civil_servant_id=pk, password=unusable, date_joined=now)
        )  # fmt: skip
        opened.append(pk)
        if len(batch) == BATCH:
            _create(batch, actor)
            batch = []
    _create(batch, actor)
    return opened


def _create(users: list[User], actor: User | None) -> None:
    """The accounts, each with its history's "+" row (who opened it, when)."""
    bulk_create_with_history(users, User, batch_size=BATCH, default_user=actor)


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
def activation_code_issue(*, actor: User | None, user: User, activation_url: str) -> ActivationCode:
    """A new code for `user` (the old one stops working). It starts unsent;
    when the roster holds the person's e-mail address it goes there once
    the transaction commits, with `activation_url` (the activation page)."""
    if user.role != Role.CIVIL_SERVANT:
        raise ApplicationError(_("Kode aktivasi hanya untuk akun ASN."), field="user")
    _require(actor, user.civil_servant.agency if user.civil_servant else None)
    ActivationCode.objects.filter(user=user).delete()
    now = timezone.now()
    code = ActivationCode.objects.create(
        user=user, code=code_new(), issued_at=now, expires_at=now + _expiry(), issued_by=actor
    )
    if user.civil_servant is not None and user.civil_servant.email:
        transaction.on_commit(partial(_email, ActivationCode.objects.filter(pk=code.pk), activation_url))
    return code


def codes_to_email(agency: Agency | None) -> QuerySet[ActivationCode]:
    """The valid codes of open accounts waiting to activate (of `agency`, or
    all) whose roster holds an e-mail address and that were not e-mailed yet."""
    return (
        waiting_codes(agency)
        .filter(emailed_at__isnull=True, user__is_active=True, user__civil_servant__isnull=False)
        .exclude(user__civil_servant__email="")
    )


def _message(code: ActivationCode, activation_url: str) -> tuple[str, str]:
    person = code.user.civil_servant
    assert person is not None  # _email sends only to the roster's people
    body = _(
        "Yth. %(name)s,\n\n"
        "Kode aktivasi akun Peduli Anda: %(code)s\n"
        "Berlaku sampai %(until)s.\n\n"
        "Buka %(url)s, lalu isi NIP dan tanggal lahir Anda beserta kode ini untuk membuat kata sandi.\n\n"
        "Jangan berikan kode ini kepada siapa pun, termasuk yang mengaku petugas: kode ini hanya untuk Anda. "
        "Bila Anda bukan %(name)s, abaikan e-mail ini.\n\n"
        "%(instance)s"
    ) % {
        "name": person.name, "code": code.code, "until": date_format(timezone.localtime(code.expires_at), "j F Y"),
        "url": activation_url, "instance": settings.PEDULI_INSTANCE_NAME,
    }  # fmt: skip
    return _("Kode aktivasi akun Peduli"), body


def _email(codes: QuerySet[ActivationCode], activation_url: str) -> int:
    """Hand each of `codes` not e-mailed yet to the notification backend and
    mark those that went, a few at a time: a code that did not go is tried
    again next time, and of two runs at once each skips the batches the
    other has marked."""
    backend = configured_backend()
    pks = list(codes.values_list("pk", flat=True))
    sent = 0
    for start in range(0, len(pks), EMAIL_BATCH):
        batch = ActivationCode.objects.filter(pk__in=pks[start : start + EMAIL_BATCH], emailed_at__isnull=True)
        went = [
            code.pk
            for code in batch.select_related("user__civil_servant")
            if code.user.civil_servant is not None
            and code.user.civil_servant.email
            and backend.deliver(code.user.civil_servant.email, *_message(code, activation_url))
        ]
        sent += ActivationCode.objects.filter(pk__in=went).update(emailed_at=timezone.now())
    return sent


def activation_codes_email(*, actor: User | None, agency: Agency | None = None, activation_url: str) -> int:
    """Send every waiting, valid, not yet e-mailed code (of `agency`, or of
    all agencies) to the civil servant's e-mail address in the roster,
    linking to `activation_url`; how many went. Each code goes once: a
    second call sends only what was issued or given an address since. Not
    atomic on purpose: what went is marked as it goes. Slow for thousands:
    pages and the API queue it (`activation_codes_email_start`)."""
    _require(actor, agency)
    return _email(codes_to_email(agency), activation_url)


def activation_codes_email_start(*, actor: User | None, agency: Agency | None = None, activation_url: str) -> int:
    """Queue `activation_codes_email` as a background task, after the same
    check of the actor's right; how many codes are about to go."""
    _require(actor, agency)
    waiting = codes_to_email(agency).count()
    if waiting:
        # Imported here because the task module imports this one.
        from peduli.users.tasks import activation_codes_email_task

        activation_codes_email_task.enqueue(
            actor_id=actor.pk if actor else None, agency_id=agency.pk if agency else None,
            activation_url=activation_url,
        )  # fmt: skip
    return waiting


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
