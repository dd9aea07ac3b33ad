"""What every user keeps of their own account (issue 15 point 4): phone,
e-mail (verified by a link before anything is sent there), whether
notifications also go by e-mail, and signing out of every other browser.
A civil servant's name comes from the roster and is not theirs to change."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.accounts.sessions import signed_in_sessions_end
from peduli.core.errors import ApplicationError

VERIFY_SALT = "peduli.users.profile.email"
VERIFY_DAYS = 3


@dataclass(frozen=True)
class ProfileData:
    full_name: str
    phone: str
    email: str
    notify_by_email: bool


@transaction.atomic
def profile_update(*, user: User, data: ProfileData) -> bool:
    """Save the owner's details; whether the e-mail address changed (and so
    waits for its link to be opened)."""
    if user.civil_servant is None:
        first, _sep, last = data.full_name.strip().partition(" ")
        user.first_name, user.last_name = first[:150], last[:150]
    changed = data.email.strip().lower() != (user.email or "").lower()
    user.phone, user.notify_by_email = data.phone.strip(), data.notify_by_email
    if changed:
        user.email, user.email_verified_at = data.email.strip(), None
    user._history_user = user  # type: ignore[attr-defined]
    user.save()
    return changed and bool(user.email)


def email_verification_send(*, user: User, base_url: str) -> None:
    """Mail the link that proves `user` reads `user.email`."""
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFY_SALT)
    link = base_url.rstrip("/") + reverse("users:email_verify", kwargs={"token": token})
    body = _(
        "Yth. %(name)s,\n\nBuka tautan ini untuk memastikan alamat e-mail ini milik akun Peduli Anda "
        "(berlaku %(days)s hari):\n\n%(link)s\n\nBila Anda tidak memintanya, abaikan e-mail ini."
    ) % {"name": user.get_full_name() or user.username, "days": VERIFY_DAYS, "link": link}
    send_mail(_("Peduli: pastikan alamat e-mail Anda"), body, settings.DEFAULT_FROM_EMAIL, [user.email])


@transaction.atomic
def email_verify(*, token: str) -> User:
    """The account whose address the link proves, now verified."""
    try:
        claim = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_DAYS * 24 * 3600)
    except signing.BadSignature as error:
        raise ApplicationError(
            _("Tautan verifikasi ini tidak sah atau sudah kedaluwarsa. Minta tautan baru.")
        ) from error
    user = User.objects.select_for_update().filter(pk=claim.get("user"), email=claim.get("email")).first()
    if user is None:
        raise ApplicationError(_("Alamat e-mail akun ini sudah diganti; tautan ini tidak berlaku lagi."))
    user.email_verified_at = timezone.now()
    user._history_user = user  # type: ignore[attr-defined]
    user.save()
    return user


def sessions_end_elsewhere(*, user: User, keep_key: str | None = None) -> None:
    """Every other browser signed in as `user` is signed out: their sessions
    deleted, and any session not on record refused by the raised epoch (the
    caller keeps its own with `update_session_auth_hash`)."""
    signed_in_sessions_end(user=user, keep_key=keep_key)
    User.objects.filter(pk=user.pk).update(session_epoch=user.session_epoch + 1)
    user.refresh_from_db(fields=["session_epoch"])


def invitation_send(*, user: User, base_url: str) -> None:
    """Mail a new account's owner the link to choose their password (the
    password-reset page, valid PASSWORD_RESET_TIMEOUT)."""
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                                                             "token": token})  # fmt: skip
    body = _(
        "Yth. %(name)s,\n\nAkun Peduli Anda sudah dibuat: nama pengguna %(username)s, peran %(role)s. Buka tautan "
        "ini untuk membuat kata sandi Anda (berlaku 3 hari):\n\n%(link)s\n\nPeduli — Gerakan ASN Peduli Pekerja Rentan"
    ) % {"name": user.get_full_name() or user.username, "username": user.username, "role": user.get_role_display(),
         "link": base_url.rstrip("/") + path}  # fmt: skip
    send_mail(_("Peduli: akun Anda sudah dibuat"), body, settings.DEFAULT_FROM_EMAIL, [user.email])
