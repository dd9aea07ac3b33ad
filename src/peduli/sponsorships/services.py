"""Every change to sponsors and sponsorships. A new sponsorship gets its dues
at once (back to its start month) and any credit its sponsor holds pays them;
ending one cancels the dues after its last month and frees their money."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peduli.accounts.models import Role, User
from peduli.accounts.roles import Capability, may, require_role
from peduli.agencies.models import CivilServant
from peduli.core.errors import ApplicationError
from peduli.core.formatting import number
from peduli.core.months import YearMonth, month_range
from peduli.ledger.dues import dues_insert, rate_schedule_for
from peduli.ledger.locks import ledger_lock_shared
from peduli.ledger.models import Due
from peduli.ledger.services import sponsor_allocate, sponsorship_close_after, sponsorship_reopen_after
from peduli.regions.selectors import instance_region_code
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.sponsorships.policy import sponsorship_end_undoable
from peduli.sponsorships.selectors import SPONSORABLE_STATUSES, sponsor_manageable_by, sponsorable_worker_for
from peduli.workers.models import MAXIMUM_AGE, Worker, age_on
from peduli.workers.selectors import worker_queryset_for

# How far ahead a sponsorship may be planned.
MAX_MONTHS_AHEAD = 12

# Every refusal about the worker, as one who may not see that worker hears it
# (an agency operator, a civil servant: they read no registry). The same words,
# field and code whether the NIK is unknown, not verified, sponsored by someone
# else or 65 or older, so trying NIKs tells neither a name nor whether the
# person is registered (ADR 0008).
NOT_SPONSORABLE = gettext_lazy(
    "Pekerja dengan NIK ini tidak dapat dibiayai: NIK belum terdaftar, pekerja belum diverifikasi, sudah "
    "dibiayai donatur lain, atau sudah berumur 65 tahun. Periksa NIK-nya, atau tanyakan ke Disperinaker."
)


@dataclass
class SponsorData:
    kind: str
    name: str
    code: str
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    partner: User | None = None


@transaction.atomic
def sponsor_create(*, actor: User | None, data: SponsorData) -> Sponsor:
    """Record an organisation or a person who pays (civil servants become
    sponsors through `sponsor_for_civil_servant`)."""
    require_role(actor, Capability.RECORD_SPONSORS)
    if data.kind == Sponsor.Kind.CIVIL_SERVANT:
        raise ApplicationError(_("ASN menjadi donatur lewat data ASN-nya."), field="kind")
    if data.kind not in Sponsor.Kind.values:
        raise ApplicationError(_("Pilih jenis donatur."), field="kind")
    code, name = data.code.strip().upper(), data.name.strip()
    if not code or not name:
        raise ApplicationError(_("Isi kode dan nama donatur."), field="code" if not code else "name")
    if Sponsor.objects.filter(code=code).exists():
        raise ApplicationError(_("Kode donatur %(code)s sudah dipakai.") % {"code": code}, field="code")
    if data.partner is not None and data.partner.role != Role.CSR_PARTNER:
        raise ApplicationError(_("Akun mitra harus berperan Mitra CSR."), field="partner")
    sponsor = Sponsor(
        code=code, kind=data.kind, name=name, contact_name=data.contact_name.strip(), phone=data.phone.strip(),
        email=data.email.strip(), address=data.address.strip(), partner=data.partner,
        regency_id=instance_region_code(), created_by=actor,
    )  # fmt: skip
    sponsor._history_user = actor  # type: ignore[attr-defined]
    sponsor.save()
    return sponsor


@transaction.atomic
def sponsor_update(*, actor: User | None, sponsor: Sponsor, data: SponsorData) -> Sponsor:
    """Correct an organisation's contact data (its code and kind stay)."""
    require_role(actor, Capability.RECORD_SPONSORS)
    sponsor = Sponsor.objects.select_for_update().get(pk=sponsor.pk)
    if data.partner is not None and data.partner.role != Role.CSR_PARTNER:
        raise ApplicationError(_("Akun mitra harus berperan Mitra CSR."), field="partner")
    sponsor.name = data.name.strip() or sponsor.name
    sponsor.contact_name, sponsor.phone = data.contact_name.strip(), data.phone.strip()
    sponsor.email, sponsor.address, sponsor.partner = data.email.strip(), data.address.strip(), data.partner
    sponsor._history_user = actor  # type: ignore[attr-defined]
    sponsor.save()
    return sponsor


@transaction.atomic
def sponsor_for_civil_servant(*, actor: User | None, civil_servant: CivilServant) -> Sponsor:
    """The civil servant's sponsor record, made on first use (code = NIP)."""
    sponsor = Sponsor.objects.filter(civil_servant=civil_servant).first()
    if sponsor is not None:
        if sponsor.agency_id != civil_servant.agency_id or sponsor.name != civil_servant.name:
            # The roster moved them to another agency or corrected the name.
            Sponsor.objects.filter(pk=sponsor.pk).update(agency=civil_servant.agency, name=civil_servant.name)
            sponsor.refresh_from_db()
        return sponsor
    if not civil_servant.is_active:
        raise ApplicationError(_("ASN ini sudah tidak bertugas."), code="inactive")
    sponsor = Sponsor(
        code=civil_servant.nip, kind=Sponsor.Kind.CIVIL_SERVANT, name=civil_servant.name,
        civil_servant=civil_servant, agency=civil_servant.agency, phone=civil_servant.phone,
        email=civil_servant.email,
        regency_id=civil_servant.regency_id, created_by=actor,
    )  # fmt: skip
    sponsor._history_user = actor  # type: ignore[attr-defined]
    sponsor.save()
    return sponsor


def _refusal(actor: User | None, worker: Worker | None, message: str, code: str) -> ApplicationError:
    """The refusal about a worker as the actor may hear it: what is wrong for
    one who may see the worker (the command line, the registry's readers),
    `NOT_SPONSORABLE` for anyone else."""
    if actor is None:
        sees = True
    elif worker is None:
        sees = may(actor, Capability.READ_WORKERS)
    else:
        sees = worker_queryset_for(actor).filter(pk=worker.pk).exists()
    if sees:
        return ApplicationError(message, field="worker", code=code)
    return ApplicationError(str(NOT_SPONSORABLE), field="worker", code="not_sponsorable")


def _worker_named(actor: User | None, worker: Worker | str) -> Worker:
    """The worker itself, or the one a user named by NIK (or by id, for the
    registry's readers)."""
    if isinstance(worker, Worker):
        return worker
    found = sponsorable_worker_for(actor, worker)
    if found is None:
        raise _refusal(
            actor, None, _("Pekerja tidak ditemukan; isi NIK 16 digit atau ID pekerja terverifikasi."), "not_found"
        )
    return found


def _check_worker(actor: User | None, worker: Worker, start: YearMonth) -> None:
    if worker.status not in SPONSORABLE_STATUSES:
        message = _("Hanya pekerja yang sudah diverifikasi yang dapat dibiayai (status sekarang: %(status)s).") % {
            "status": worker.get_status_display()
        }
        raise _refusal(actor, worker, message, "not_verified")
    today = timezone.localdate()
    if max(age_on(worker.birth_date, today), age_on(worker.birth_date, start.first_day)) >= MAXIMUM_AGE:
        raise _refusal(
            actor, worker, _("Pekerja sudah berumur 65 tahun; BPJS Ketenagakerjaan tidak menerimanya."), "too_old"
        )


def _already_sponsored(actor: User | None, worker: Worker) -> ApplicationError:
    # Never the worker's name nor the other sponsor's: the caller may know
    # nothing but the NIK they typed.
    return _refusal(actor, worker, _("Pekerja ini sudah dibiayai donatur lain pada bulan itu."), "already_sponsored")


@transaction.atomic
def sponsorship_start(
    *,
    actor: User | None,
    sponsor: Sponsor,
    worker: Worker | str,
    start: YearMonth,
    programme: str = Sponsorship.Programme.JKK_JKM,
    declared_income: int | None = None,
) -> Sponsorship:
    """Begin paying one worker's premium from `start`. Dues up to the current
    month are created at once and paid from the sponsor's credit if it has any.

    `worker` is the worker, or the NIK (or, for the registry's readers, the
    id) a user typed. The sponsor and the terms are checked before the worker
    is looked up, so a refused start month or income says the same for any
    NIK; every refusal about the worker comes from `_refusal`."""
    if not sponsor_manageable_by(actor, sponsor):
        raise ApplicationError(_("Anda tidak berwenang mencatat kepesertaan donatur ini."), code="forbidden")
    if start > YearMonth.current() + MAX_MONTHS_AHEAD:
        raise ApplicationError(_("Bulan mulai paling lambat 12 bulan dari sekarang."), field="start")
    if programme not in Sponsorship.Programme.values:
        raise ApplicationError(_("Pilih program JKK + JKM atau JKK + JKM + JHT."), field="programme")
    rate = rate_schedule_for(start)
    income = declared_income or rate.minimum_income
    if income < rate.minimum_income:
        raise ApplicationError(
            _("Penghasilan yang dilaporkan paling sedikit Rp %(minimum)s.") % {"minimum": number(rate.minimum_income)},
            field="declared_income",
        )
    named = _worker_named(actor, worker)
    # The sponsor's shared ledger lock before the worker: the lapse run of the
    # regency holds the lock exclusively and moves workers, so waiting for it
    # (at the allocation below) while holding the worker could deadlock.
    ledger_lock_shared(regency_ids=[sponsor.regency_id])
    # Lock the worker: two clerks confirming the same worker queue here, and the
    # database constraint catches anyone who does not.
    locked = Worker.objects.select_for_update().get(pk=named.pk)
    _check_worker(actor, locked, start)
    overlapping = Sponsorship.objects.filter(worker=locked, end_month__isnull=True) | Sponsorship.objects.filter(
        worker=locked, end_month__gte=start.first_day
    )
    if overlapping.exists():
        raise _already_sponsored(actor, locked)
    sponsorship = Sponsorship(
        sponsor=sponsor, worker=locked, regency_id=locked.regency_id, start_month=start.first_day,
        programme=programme, declared_income=income, created_by=actor,
    )  # fmt: skip
    sponsorship._history_user = actor  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            sponsorship.save()
    except IntegrityError as error:
        raise _already_sponsored(actor, locked) from error
    for month in month_range(start, YearMonth.current()):
        dues_insert(month=month, sponsorship_ids=[sponsorship.pk])
    sponsor_allocate(sponsor_ids=[sponsor.pk])
    return sponsorship


@transaction.atomic
def sponsorship_end(
    *, actor: User | None, sponsorship: Sponsorship, last_month: YearMonth, reason: str, note: str = ""
) -> Sponsorship:
    """End a sponsorship after `last_month`. Its later dues are cancelled and
    any money on them goes back to the sponsor's credit, then on to other dues."""
    sponsorship = Sponsorship.objects.select_for_update().select_related("sponsor").get(pk=sponsorship.pk)
    if not sponsor_manageable_by(actor, sponsorship.sponsor):
        raise ApplicationError(_("Anda tidak berwenang mengakhiri kepesertaan ini."), code="forbidden")
    if sponsorship.end_month is not None:
        raise ApplicationError(_("Kepesertaan ini sudah berakhir."), code="already_ended")
    if reason not in Sponsorship.EndReason.values:
        raise ApplicationError(_("Pilih alasan berakhirnya kepesertaan."), field="reason")
    if last_month < sponsorship.start:
        raise ApplicationError(
            _("Bulan terakhir tidak boleh sebelum bulan mulai (%(start)s).") % {"start": sponsorship.start.label},
            field="last_month",
        )
    sponsorship.end_month, sponsorship.end_reason = last_month.first_day, reason
    sponsorship.end_note, sponsorship.ended_by, sponsorship.ended_at = note.strip(), actor, timezone.now()
    sponsorship._history_user = actor  # type: ignore[attr-defined]
    sponsorship.save()
    sponsorship_close_after(sponsorship=sponsorship, last_month=last_month)
    return sponsorship


@transaction.atomic
def sponsorship_end_undo(*, actor: User | None, sponsorship: Sponsorship) -> Sponsorship:
    """Take back an end recorded by mistake, the same day, by whoever ended
    it or the labour office: the sponsorship runs on, its cancelled dues are
    owed again (paid from the sponsor's credit as far as it goes), and the
    history keeps both changes. Refused when another sponsor took the
    worker on meanwhile."""
    sponsorship = Sponsorship.objects.select_for_update().select_related("sponsor", "worker").get(pk=sponsorship.pk)
    if not sponsorship_end_undoable(actor, sponsorship):
        raise ApplicationError(
            _("Pengakhiran ini tidak dapat dibatalkan lagi: hanya pada hari yang sama, oleh pencatatnya atau "
              "Disperinaker."), code="undo_refused",
        )  # fmt: skip
    last = YearMonth.of(sponsorship.end_month)  # type: ignore[arg-type]
    taken = Sponsorship.objects.filter(worker=sponsorship.worker).exclude(pk=sponsorship.pk)
    if taken.filter(Q(end_month__isnull=True) | Q(end_month__gt=last.first_day)).exists():
        raise ApplicationError(_("Pekerja ini sudah dibiayai donatur lain sesudah kepesertaan ini diakhiri."))
    sponsorship.end_month, sponsorship.end_reason, sponsorship.end_note = None, "", ""
    sponsorship.ended_by, sponsorship.ended_at = None, None
    sponsorship._history_user = actor  # type: ignore[attr-defined]
    sponsorship._change_reason = _("pengakhiran dibatalkan")  # type: ignore[attr-defined]
    sponsorship.save()
    sponsorship_reopen_after(sponsorship=sponsorship, last_month=last)
    return sponsorship


@transaction.atomic
def sponsorship_start_for_civil_servant(
    *,
    actor: User | None,
    civil_servant: CivilServant,
    worker: Worker | str,
    start: YearMonth,
    programme: str = Sponsorship.Programme.JKK_JKM,
    declared_income: int | None = None,
) -> Sponsorship:
    """A civil servant starts paying for a worker (from their own page, or
    through their agency's operator): their sponsor record is made on first
    use, in the same transaction."""
    sponsor = sponsor_for_civil_servant(actor=actor, civil_servant=civil_servant)
    return sponsorship_start(
        actor=actor, sponsor=sponsor, worker=worker, start=start, programme=programme, declared_income=declared_income
    )


def sponsorships_follow_merge(*, actor: User | None, kept: Worker, other: Worker) -> None:
    """When two records of one person merge (`workers.services.duplicate_merge`),
    the person's sponsorships, and their dues, follow the record that is
    kept. Two sponsorships of the same months cannot both stand (one person,
    one premium a month): then an operator must end one first."""
    moving = list(Sponsorship.objects.select_for_update().filter(worker=other).order_by("start_month"))
    if not moving:
        return
    kept_ones = list(Sponsorship.objects.select_for_update().filter(worker=kept).order_by("start_month"))
    for theirs in moving:
        for ours in kept_ones:
            if (theirs.end is None or ours.start <= theirs.end) and (ours.end is None or theirs.start <= ours.end):
                raise ApplicationError(
                    _(
                        "Kedua data sama-sama dibiayai pada %(month)s (%(kept)s dan %(other)s); akhiri salah satu "
                        "kepesertaan dulu, lalu gabungkan."
                    )
                    % {"month": max(ours.start, theirs.start).label, "kept": ours.sponsor, "other": theirs.sponsor},
                    field="keep",
                    code="sponsorship_overlap",
                )
    for sponsorship in moving:
        sponsorship.worker = kept
        sponsorship._history_user = actor  # type: ignore[attr-defined]
        sponsorship.save(update_fields=["worker"])
    Due.objects.filter(sponsorship__in=moving).update(worker=kept)
