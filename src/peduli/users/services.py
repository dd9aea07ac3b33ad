"""Writes to user accounts."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peduli.accounts.models import Role, User
from peduli.accounts.roles import Capability, may
from peduli.agencies.models import Agency, CivilServant
from peduli.core.errors import ApplicationError
from peduli.regions.models import Region


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    email: str = "",
    agency: Agency | None = None,
    district: Region | None = None,
    civil_servant: CivilServant | None = None,
    check_password: bool = True,
) -> User:
    """Create a login. A civil servant's username is their NIP; the place a
    role is bound to (agency, district, civil servant) must be given."""
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
    )
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ApplicationError(" ".join(error.messages), field="password") from error
    user.set_password(password)
    user._history_user = actor  # type: ignore[attr-defined]
    user.save()
    return user
