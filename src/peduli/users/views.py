"""Civil servants' accounts (`users.onboarding`, ADR 0019): activation with
the code from a slip, and the page where the labour office or an agency's
operator opens accounts, prints slips and gives a new code."""

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from peduli.accounts.access import roles_required
from peduli.accounts.client_address import client_address
from peduli.accounts.models import Role, User
from peduli.accounts.roles import Capability, may
from peduli.accounts.sessions import signed_in_session_end, signed_in_sessions_of
from peduli.agencies.models import Agency
from peduli.core.errors import ApplicationError
from peduli.core.formatting import number
from peduli.core.forms import show_error
from peduli.core.history import history_entries
from peduli.core.identity import normalize_nip
from peduli.core.listing import render_list
from peduli.core.pdf import pdf_response
from peduli.core.personal_data import own_account_read
from peduli.core.responses import xlsx_response
from peduli.users.filters import UserFilter
from peduli.users.forms import ActivationForm, ProfileForm, RoleChangeForm, UserCreateForm
from peduli.users.onboarding import (
    account_activate,
    accounts_open,
    activation_code_issue,
    activation_codes_email_start,
    codes_to_email,
    without_account,
)
from peduli.users.profile import (
    ProfileData,
    email_verification_send,
    email_verify,
    invitation_send,
    profile_update,
    sessions_end_elsewhere,
)
from peduli.users.selectors import (
    accounts_agencies,
    accounts_agency,
    activation_by_agency,
    activation_total,
    locked_usernames,
    user_managed_get,
    users_managed_by,
    waiting_user,
)
from peduli.users.services import user_create, user_deactivate, user_reactivate, user_role_change, user_unlock
from peduli.users.slips import slip_parts, slip_pdf, slips_pdf, slips_xlsx, valid_code, waiting_codes

# Wrong tries per address before the page waits (a quarter of an hour).
TRIES = 10
WAIT_SECONDS = 15 * 60


def _tries_key(request: HttpRequest) -> str:
    return f"activation-tries:{client_address(request)}"


def activate(request: HttpRequest) -> HttpResponse:
    """NIP + date of birth + code, then the new password; lands on /saya/."""
    cache = caches["throttle"]
    if int(cache.get(_tries_key(request), 0)) >= TRIES:
        message = _("Terlalu banyak percobaan dari perangkat ini. Coba lagi 15 menit lagi.")
        return render(request, "users/activate.html", {"form": ActivationForm(), "wait": message}, status=429)
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = account_activate(
                nip=data["nip"], birth_date=data["birth_date"], code=data["code"], password=data["password"]
            )
        except ApplicationError as error:
            if error.code == "activation_refused":
                cache.set(_tries_key(request), int(cache.get(_tries_key(request), 0)) + 1, WAIT_SECONDS)
            show_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("me:home")
    return render(request, "users/activate.html", {"form": form})


def _agency_asked(request: HttpRequest) -> Agency | None:
    user = request.user
    assert isinstance(user, User)
    return accounts_agency(user, request.GET.get("opd", "") or request.POST.get("opd", ""))


def _open(request: HttpRequest, agency: Agency | None) -> str:
    opened = accounts_open(actor=request.user, agency=agency)  # type: ignore[arg-type]
    return _("%(accounts)s akun dibuka, %(codes)s kode aktivasi diterbitkan.") % {
        "accounts": number(opened.accounts), "codes": number(opened.codes),
    }  # fmt: skip


def _activation_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("users:activate"))


def _send(request: HttpRequest, agency: Agency | None) -> str:
    queued = activation_codes_email_start(actor=request.user, agency=agency, activation_url=_activation_url(request))  # type: ignore[arg-type]
    if not queued:
        return _("Tidak ada kode yang menunggu dikirim lewat e-mail.")
    return _("%(n)s kode aktivasi sedang dikirim lewat e-mail ke alamat di data ASN.") % {"n": number(queued)}


def _new_code(request: HttpRequest, agency: Agency | None) -> User:
    user = waiting_user(agency, normalize_nip(request.POST["nip"]))
    if user is None:
        raise ApplicationError(_("Tidak ada akun ASN dengan NIP itu di OPD ini."), field="nip")
    _code_issued(request, user)
    return user


def _code_issued(request: HttpRequest, user: User) -> None:
    code = activation_code_issue(actor=request.user, user=user, activation_url=_activation_url(request))  # type: ignore[arg-type]
    said = _("Kode aktivasi baru untuk %(name)s: %(code)s, berlaku sampai %(until)s. Kode lamanya tidak berlaku "
             "lagi; cetak slipnya di bawah.")  # fmt: skip
    messages.success(request, said % {
        "name": user.get_full_name(), "code": code.code, "until": date_format(code.expires_at.date()),
    })  # fmt: skip


@roles_required(Capability.OPEN_ACCOUNTS)
def civil_servant_accounts(request: HttpRequest) -> HttpResponse:
    """Accounts of the civil service: how many are activated per agency;
    open the missing ones, print the slips, give one person a new code."""
    agency = _agency_asked(request)
    if request.method == "POST":
        try:
            if "nip" in request.POST:  # on to the person's page, where their slip is printed
                return redirect("users:user_detail", pk=_new_code(request, agency).pk)
            messages.success(request, _send(request, agency) if "email" in request.POST else _open(request, agency))
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect(f"{request.path}?opd={agency.pk}" if agency else request.path)
    rows = activation_by_agency(accounts_agencies(request.user, agency))  # type: ignore[arg-type]
    context = {
        "agency": agency, "rows": rows, "waiting": waiting_codes(agency).count(), "parts": slip_parts(agency),
        "without_account": without_account(agency).count(), "to_email": codes_to_email(agency).count(),
        "total": activation_total(rows, agency),
    }  # fmt: skip
    return render(request, "users/civil_servant_accounts.html", context)


@roles_required(Capability.OPEN_ACCOUNTS)
def activation_slips(request: HttpRequest, fmt: str) -> HttpResponse:
    """The slips of those waiting to activate, as PDF to print or xlsx."""
    agency = _agency_asked(request)
    name = f"slip-aktivasi-{agency.code.lower() if agency else 'semua'}"
    if fmt == "pdf":
        url = _activation_url(request)
        part = int(request.GET["bagian"]) if request.GET.get("bagian", "").isdigit() else 1
        return pdf_response(slips_pdf(agency=agency, activation_url=url, part=part), filename=f"{name}-{part}.pdf")
    return xlsx_response(slips_xlsx(agency=agency), filename=f"{name}.xlsx")


@roles_required(Capability.OPEN_ACCOUNTS)
def user_slip(request: HttpRequest, pk: int) -> HttpResponse:
    """One person's slip with the code they were given again."""
    account = user_managed_get(request.user, pk)  # type: ignore[arg-type]
    url = _activation_url(request)
    return pdf_response(slip_pdf(user=account, activation_url=url), filename=f"slip-aktivasi-{account.username}.pdf")


@roles_required(Capability.MANAGE_USERS)
def user_list(request: HttpRequest) -> HttpResponse:
    accounts = users_managed_by(request.user)  # type: ignore[arg-type]
    return render_list(
        request,
        queryset=accounts.select_related("civil_servant__agency", "agency", "district").order_by(
            "first_name", "last_name", "username"
        ),
        filterset_class=UserFilter,
        template="users/user_list.html",
        results_template="users/partials/user_results.html",
    )


@roles_required(Capability.MANAGE_USERS)
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One account: what it is, its history, and what the manager may do to it."""
    account = user_managed_get(request.user, pk)  # type: ignore[arg-type]
    if request.method == "POST":
        try:
            done = _act(request, account)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            if done:
                messages.success(request, done)
        return redirect("users:user_detail", pk=account.pk)
    locked = locked_usernames().filter(username=account.username).exists()
    issues_codes = account.civil_servant_id is not None and may(request.user, Capability.OPEN_ACCOUNTS)  # type: ignore[arg-type]
    context = {"account": account, "entries": history_entries(account), "locked": locked,
               "role_form": _role_form(request.user, account), "issues_codes": issues_codes,
               "code": valid_code(account) if issues_codes else None}  # fmt: skip
    return render(request, "users/user_detail.html", context)


def _role_form(actor: object, account: User, data: object = None) -> RoleChangeForm | None:
    """The form to move an account to another role, for the labour office
    and for accounts that are not a civil servant's."""
    if not may(actor, Capability.MANAGE_AGENCIES) or account.role == Role.CIVIL_SERVANT:  # type: ignore[arg-type]
        return None
    initial = {"role": account.role, "agency": account.agency_id, "district": account.district_id,
               "region": account.region_id}  # fmt: skip
    return RoleChangeForm(data, initial=initial, prefix="peran", actor=actor)  # type: ignore[arg-type]


def _act(request: HttpRequest, account: User) -> str | None:
    actor = request.user
    action = request.POST.get("action", "")
    if action == "deactivate":
        user_deactivate(actor=actor, user=account, reason=request.POST.get("reason", "").strip())  # type: ignore[arg-type]
        return _("Akun dinonaktifkan.")
    if action == "reactivate":
        user_reactivate(actor=actor, user=account)  # type: ignore[arg-type]
        return _("Akun diaktifkan lagi.")
    if action == "unlock":
        user_unlock(actor=actor, user=account)  # type: ignore[arg-type]
        return _("Kuncian masuk akun ini dibuka.")
    if action == "role":
        form = _role_form(actor, account, request.POST)
        if form is None or not form.is_valid():
            raise ApplicationError(_("Pilih peran dan tempatnya."))
        data = form.cleaned_data
        user_role_change(actor=actor, user=account, role=data["role"], agency=data["agency"],  # type: ignore[arg-type]
                         district=data["district"], region=data.get("region"))  # fmt: skip
        return _("Peran akun diubah menjadi %(role)s.") % {"role": account.get_role_display()}
    if action == "code":
        _code_issued(request, account)
        return None
    raise ApplicationError(_("Tindakan tidak dikenal."))


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The owner's own details, and signing out of every other browser."""
    user = request.user
    assert isinstance(user, User)
    current_key = request.session.session_key
    if request.method == "POST" and request.POST.get("action") == "sign-out-elsewhere":
        sessions_end_elsewhere(user=user, keep_key=current_key)
        update_session_auth_hash(request, user)
        messages.success(request, _("Semua perangkat lain sudah dikeluarkan dari akun Anda."))
        return redirect("users:profile")
    if request.method == "POST" and request.POST.get("action") == "sign-out-one":
        try:
            ended = signed_in_session_end(user=user, pk=int(request.POST.get("session", "0") or 0),
                                          current_key=current_key)  # fmt: skip
        except (ApplicationError, ValueError) as error:
            messages.error(request, getattr(error, "message", _("Sesi itu tidak ditemukan atau sudah berakhir.")))
        else:
            messages.success(request, _("%(device)s sudah dikeluarkan dari akun Anda.") % {"device": ended.device})
        return redirect("users:profile")
    initial = {"full_name": user.get_full_name(), "phone": user.phone, "email": user.email,
               "notify_by_email": user.notify_by_email}  # fmt: skip
    form = ProfileForm(request.POST or None, initial=initial, from_roster=user.civil_servant is not None)
    if request.method == "POST" and form.is_valid():
        if profile_update(user=user, data=ProfileData(**form.cleaned_data)):
            email_verification_send(user=user, base_url=request.build_absolute_uri("/"))
            messages.info(request, _("Kami kirim tautan ke %(email)s: buka untuk memastikan alamatnya.") % {
                "email": user.email})  # fmt: skip
        else:
            messages.success(request, _("Profil disimpan."))
        return redirect("users:profile")
    with own_account_read():  # the owner's own devices and addresses
        sessions = list(signed_in_sessions_of(user))
    context = {"form": form, "account": user, "may_use_api": may(user, Capability.READ_API), "sessions": sessions,
               "current_key": current_key}  # fmt: skip
    return render(request, "users/profile.html", context)


def email_verify_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        email_verify(token=token)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Alamat e-mail Anda sudah dipastikan."))
    return redirect("users:profile" if request.user.is_authenticated else "accounts:login")


@roles_required(Capability.MANAGE_AGENCIES)
def user_create_view(request: HttpRequest) -> HttpResponse:
    """A new account for the labour office, an operator, BPJS, a partner or
    a leader; its owner gets a link by e-mail to choose the password."""
    form = UserCreateForm(request.POST or None, actor=request.user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_create(
                actor=request.user, username=data["username"], password=None, role=data["role"],  # type: ignore[arg-type]
                full_name=data["full_name"], email=data["email"], agency=data["agency"], district=data["district"],
                region=data.get("region"),
            )  # fmt: skip
        except ApplicationError as error:
            show_error(form, error)
        else:
            invitation_send(user=user, base_url=request.build_absolute_uri("/"))
            messages.success(request, _("Akun dibuat; tautan untuk membuat kata sandi dikirim ke %(email)s.") % {
                "email": user.email})  # fmt: skip
            return redirect("users:user_detail", pk=user.pk)
    return render(request, "users/user_form.html", {"form": form, "title": _("Tambah akun")})
