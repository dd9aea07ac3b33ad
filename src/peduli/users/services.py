"""Writes to user accounts: creating one, and what the people who manage
accounts do to them — each change kept in the account's history with who,
when, before and after."""

from axes.utils import reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peduli.accounts.models import LoginLockout, Role, User
from peduli.accounts.roles import PLACE_BOUND_ROLES, Capability, may
from peduli.agencies.models import Agency, CivilServant
from peduli.core.errors import ApplicationError
from peduli.regions.models import Region
from peduli.regions.scoping import instance_root_code, user_region_code
from peduli.users.selectors import users_managed_by


def _within(code: str, region: str) -> bool:
    return not region or code == region or code.startswith(f"{region}.")


def _place_checked(actor: User | None, *, role: str, agency: Agency | None, district: Region | None,
                   region: Region | None) -> Region | None:  # fmt: skip
    """The region an unbound role works in: a regency or province of the
    instance's region (None: all of it); a bound role has none of its own.
    Whatever place the account gets lies in the actor's own region: an
    administrator of one regency makes no account of another, nor one for
    the whole province."""
    work = None if role in PLACE_BOUND_ROLES else region
    if work is not None and (
        work.level not in (Region.Level.PROVINCE, Region.Level.REGENCY) or not _within(work.code, instance_root_code())
    ):
        raise ApplicationError(
            _("Wilayah kerja harus provinsi atau kabupaten/kota di wilayah instansi ini."), field="region"
        )
    if actor is not None:
        own = user_region_code(actor)
        places = {
            "agency": agency.regency_id if role == Role.AGENCY_OPERATOR and agency else None,
            "district": district.code if role == Role.DISTRICT_OPERATOR and district else None,
            "region": (work.code if work else instance_root_code()) if role not in PLACE_BOUND_ROLES else None,
        }
        for field, code in places.items():
            if code is not None and not _within(code, own):
                raise ApplicationError(_("Tempat ini di luar wilayah kerja Anda."), field=field, code="forbidden")
    return work


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    role: str,
    full_name: str = "",
    email: str = "",
    agency: Agency | None = None,
    district: Region | None = None,
    civil_servant: CivilServant | None = None,
    region: Region | None = None,
    check_password: bool = True,
) -> User:
    """Create a login. A civil servant's username is their NIP; the place a
    role is bound to (agency, district, civil servant) must be given; another
    role works in `region` (the instance's whole region when None). With no
    password the owner chooses one from a link (`users.profile.invitation_send`)."""
    if actor is not None and not may(actor, Capability.MANAGE_AGENCIES):
        raise ApplicationError(_("Hanya admin Disperinaker yang dapat membuat akun."), code="forbidden")
    if role not in Role.values:
        raise ApplicationError(_("Peran tidak dikenal."), field="role")
    if role == Role.CIVIL_SERVANT:
        if civil_servant is None:
            raise ApplicationError(_("Pilih ASN pemilik akun."), field="civil_servant")
        username, full_name = civil_servant.nip, full_name or civil_servant.name
    if role == Role.AGENCY_OPERATOR and agency is None:
        raise ApplicationError(_("Operator OPD harus dipilih OPD-nya."), field="agency")
    if role == Role.DISTRICT_OPERATOR and (district is None or district.level != Region.Level.DISTRICT):
        raise ApplicationError(_("Operator kecamatan harus dipilih kecamatannya."), field="district")
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(_("Nama pengguna %(name)s sudah dipakai.") % {"name": username}, field="username")
    first, _sep, last = full_name.strip().partition(" ")
    user = User(
        username=username,
        first_name=first[:150],
        last_name=last[:150],
        email=email,
        role=role,
        agency=agency if role == Role.AGENCY_OPERATOR else None,
        district=district if role == Role.DISTRICT_OPERATOR else None,
        civil_servant=civil_servant if role == Role.CIVIL_SERVANT else None,
        region=_place_checked(actor, role=role, agency=agency, district=district, region=region),
    )
    if password is None and not email:
        raise ApplicationError(_("Isi e-mail pemilik akun: tautan untuk membuat kata sandi dikirim ke sana."),
                               field="email")  # fmt: skip
    if check_password and password is not None:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ApplicationError(" ".join(error.messages), field="password") from error
    user.set_password(password)
    user._history_user = actor  # type: ignore[attr-defined]
    user.save()
    return user


def _managed(actor: User | None, user: User) -> None:
    if actor is not None and not users_managed_by(actor).filter(pk=user.pk).exists():
        raise ApplicationError(_("Anda tidak mengelola akun ini."), code="forbidden")
    if actor is not None and actor.pk == user.pk:
        raise ApplicationError(_("Akun Anda sendiri tidak dapat diubah di sini."), code="forbidden")


def _saved(user: User, actor: User | None, reason: str) -> User:
    user._history_user = actor  # type: ignore[attr-defined]
    user._change_reason = reason  # type: ignore[attr-defined]
    user.save()
    return user


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User, reason: str = "") -> User:
    """No more logins or API calls for `user` (sessions and tokens end with it)."""
    _managed(actor, user)
    if not user.is_active:
        raise ApplicationError(_("Akun ini sudah nonaktif."))
    user.is_active = False
    return _saved(user, actor, reason or _("dinonaktifkan"))


@transaction.atomic
def user_reactivate(*, actor: User | None, user: User) -> User:
    _managed(actor, user)
    if user.is_active:
        raise ApplicationError(_("Akun ini sudah aktif."))
    person = user.civil_servant
    if person is not None and not person.is_active:
        raise ApplicationError(_("ASN ini sudah tidak bertugas; akunnya tidak dapat diaktifkan lagi."))
    user.is_active = True
    return _saved(user, actor, _("diaktifkan lagi"))


@transaction.atomic
def user_role_change(
    *, actor: User | None, user: User, role: str, agency: Agency | None = None, district: Region | None = None,
    region: Region | None = None,
) -> User:  # fmt: skip
    """A new role and the place it is bound to (the labour office only; a
    civil servant's account stays a civil servant's)."""
    _managed(actor, user)
    if actor is not None and not may(actor, Capability.MANAGE_AGENCIES):
        raise ApplicationError(_("Hanya admin Disperinaker yang dapat mengubah peran."), code="forbidden")
    if role not in Role.values or role == Role.CIVIL_SERVANT or user.role == Role.CIVIL_SERVANT:
        raise ApplicationError(_("Peran ini tidak dapat dipilih untuk akun ini."), field="role")
    if role == Role.AGENCY_OPERATOR and agency is None:
        raise ApplicationError(_("Operator OPD harus dipilih OPD-nya."), field="agency")
    if role == Role.DISTRICT_OPERATOR and (district is None or district.level != Region.Level.DISTRICT):
        raise ApplicationError(_("Operator kecamatan harus dipilih kecamatannya."), field="district")
    user.role = role
    user.agency = agency if role == Role.AGENCY_OPERATOR else None
    user.district = district if role == Role.DISTRICT_OPERATOR else None
    user.region = _place_checked(actor, role=role, agency=agency, district=district, region=region)
    return _saved(user, actor, _("peran diubah"))


@transaction.atomic
def user_unlock(*, actor: User | None, user: User) -> int:
    """End the login locks of `user` from every address; how many there were."""
    _managed(actor, user)
    LoginLockout.objects.filter(username=user.username).delete()
    return int(reset(username=user.username))
