from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    """What a user does in the movement; decides what they see (selectors) and
    may change (services)."""

    REGENCY_ADMIN = "regency_admin", _("Admin Disperinaker")
    AGENCY_OPERATOR = "agency_operator", _("Operator OPD")
    DISTRICT_OPERATOR = "district_operator", _("Operator Kecamatan")
    CIVIL_SERVANT = "civil_servant", _("ASN")
    BPJS_OFFICER = "bpjs_officer", _("Petugas BPJS Ketenagakerjaan")
    CSR_PARTNER = "csr_partner", _("Mitra CSR")
    LEADER = "leader", _("Pimpinan")


class PeduliUserManager(UserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> "User":
        # A superuser runs the instance, so it acts as the labour office.
        extra.setdefault("role", Role.REGENCY_ADMIN)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """A person who logs in. A civil servant's username is their NIP."""

    # Reading someone else's account is a personal-data read (ADR 0018); the
    # caller's own row is not logged (`core.personal_data.own_account_read`).
    personal_subject: ClassVar[str] = "user"
    personal_fields: ClassVar[tuple[str, ...]] = ("username", "first_name", "last_name", "email", "phone")

    role = models.CharField(_("peran"), max_length=32, choices=Role.choices)
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="operators",
        verbose_name=_("OPD"),
    )
    district = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kecamatan"),
    )
    civil_servant = models.OneToOneField(
        "agencies.CivilServant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="user",
        verbose_name=_("ASN"),
    )
    # Where a role not bound to one place works (ADR 0012): a regency or a
    # province within the instance's region; empty, the instance's whole
    # region (`regions.scoping`). A bound role's region is its place's.
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("wilayah kerja"),
    )

    # Set by every change of password, however made (page, command, admin):
    # API tokens issued before it are refused (`accounts.tokens`).
    password_changed_at = models.DateTimeField(_("kata sandi diganti"), null=True, blank=True, editable=False)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    # When the owner opened the link sent to `email` (`users.profile`); e-mail
    # goes only to a verified address.
    email_verified_at = models.DateTimeField(_("e-mail diverifikasi"), null=True, blank=True)
    notify_by_email = models.BooleanField(_("pemberitahuan lewat e-mail"), default=False)
    # Part of every session's check (`get_session_auth_hash`): raising it
    # signs the account out of every other browser.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects: ClassVar[PeduliUserManager] = PeduliUserManager()  # type: ignore[assignment]
    history = HistoricalRecords(excluded_fields=["password", "last_login", "password_changed_at", "session_epoch"])

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            # The place a role is bound to must be set, and only for that role,
            # so scoping never meets a half-configured user.
            models.CheckConstraint(
                condition=Q(role=Role.AGENCY_OPERATOR, agency__isnull=False)
                | (~Q(role=Role.AGENCY_OPERATOR) & Q(agency__isnull=True)),
                name="user_agency_iff_agency_operator",
            ),
            models.CheckConstraint(
                condition=Q(role=Role.DISTRICT_OPERATOR, district__isnull=False)
                | (~Q(role=Role.DISTRICT_OPERATOR) & Q(district__isnull=True)),
                name="user_district_iff_district_operator",
            ),
            models.CheckConstraint(
                condition=Q(role=Role.CIVIL_SERVANT, civil_servant__isnull=False)
                | (~Q(role=Role.CIVIL_SERVANT) & Q(civil_servant__isnull=True)),
                name="user_civil_servant_iff_civil_servant_role",
            ),
            # A role bound to a place works where the place is: no region of its own.
            models.CheckConstraint(
                condition=Q(region__isnull=True)
                | Q(agency__isnull=True, district__isnull=True, civil_servant__isnull=True),
                name="user_region_only_for_unbound_roles",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_session_auth_hash(self) -> str:
        """Django's check that a session still belongs to this password, and
        to this `session_epoch`."""
        key_salt = "peduli.accounts.models.User.get_session_auth_hash"
        return salted_hmac(key_salt, f"{self.password}:{self.session_epoch}", algorithm="sha256").hexdigest()

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def is_regency_admin(self) -> bool:
        return self.role == Role.REGENCY_ADMIN


class LoginLockout(models.Model):
    """One time a username was locked from one address (`accounts.lockout`):
    each lock within a day lasts twice as long as the one before."""

    username = models.CharField(_("nama pengguna"), max_length=255)
    ip_address = models.CharField(_("alamat"), max_length=64)
    started_at = models.DateTimeField(_("mulai"), default=timezone.now)

    class Meta:
        verbose_name = _("penguncian masuk")
        verbose_name_plural = _("penguncian masuk")
        indexes = [models.Index(fields=["username", "ip_address", "started_at"])]

    def __str__(self) -> str:
        return f"{self.username} {self.ip_address} {self.started_at:%Y-%m-%d %H:%M}"


class ActivationCode(models.Model):
    """The one-time code that lets a person set their first password (or a
    new one when they forgot it and have no e-mail), printed on the slip
    their agency hands out, or sent to the roster's e-mail address
    (`users.onboarding`, ADR 0019). Kept until it is used or expires; a new
    one replaces it."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="activation_code")
    code = models.CharField(_("kode"), max_length=16)
    issued_at = models.DateTimeField(_("diterbitkan"), default=timezone.now)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    issued_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("diterbitkan oleh")
    )
    # Sent to the roster's e-mail address (empty: not yet, or no address); a new code starts unsent.
    emailed_at = models.DateTimeField(_("dikirim lewat e-mail"), null=True, blank=True)

    class Meta:
        verbose_name = _("kode aktivasi")
        verbose_name_plural = _("kode aktivasi")

    def __str__(self) -> str:
        return f"{self.user_id} s.d. {self.expires_at:%Y-%m-%d}"


class SignedInSession(models.Model):
    """One browser signed in as a user (`accounts.sessions`): listed on the
    owner's profile, where any of them can be signed out."""

    # The address a browser signed in from is personal data (ADR 0018).
    personal_subject: ClassVar[str] = "signed_in_session"
    personal_fields: ClassVar[tuple[str, ...]] = ("address",)

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(_("masuk"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("terakhir aktif"), default=timezone.now)
    address = models.CharField(_("alamat"), max_length=64, blank=True)
    device = models.CharField(_("perangkat"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("sesi masuk")
        verbose_name_plural = _("sesi masuk")

    def __str__(self) -> str:
        return f"{self.user_id} {self.device} {self.started_at:%Y-%m-%d %H:%M}"
