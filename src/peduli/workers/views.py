"""Pages of the worker registry: list, detail, registration, the verification
workflow and duplicate review. Each view reads through a scoped selector,
writes through one service, and shows the service's message."""

from collections.abc import Callable
from dataclasses import asdict

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peduli.accounts.access import roles_required
from peduli.accounts.roles import Capability, as_user
from peduli.core.errors import ApplicationError
from peduli.core.forms import SUGGESTIONS_TEMPLATE, searched_text, show_error
from peduli.core.history import history_entries
from peduli.core.listing import render_list
from peduli.core.models import AccessLog
from peduli.core.nik import parse_nik
from peduli.core.personal_data import personal_data_note
from peduli.regions.selectors import district_codes, village_label, villages_matching
from peduli.workers import selectors, services
from peduli.workers.filters import WorkerFilter
from peduli.workers.forms import WorkerEndForm, WorkerForm, WorkerReturnForm
from peduli.workers.hooks import worker_page_sections
from peduli.workers.models import DuplicateFlag, Worker
from peduli.workers.policy import worker_actions


@roles_required(Capability.READ_WORKERS)
def worker_list(request: HttpRequest) -> HttpResponse:
    return render_list(
        request,
        queryset=selectors.worker_queryset_for(request.user),
        filterset_class=WorkerFilter,
        template="workers/worker_list.html",
        results_template="workers/partials/worker_results.html",
        context={"can_create": selectors.worker_editable_districts(request.user) != set()},  # type: ignore[arg-type]
    )


@roles_required(Capability.READ_WORKERS)
def worker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    worker = selectors.worker_get_for(request.user, pk)
    personal_data_note(action=AccessLog.Action.VIEW, subject="worker", object_id=worker.pk)
    flags = selectors.duplicate_flags_for(request.user).filter(Q(worker=worker) | Q(candidate=worker))
    return render(
        request,
        "workers/worker_detail.html",
        {
            "worker": worker,
            "changes": selectors.status_changes_of(worker),
            **worker_page_sections(request, worker),
            "flags": flags,
            **asdict(worker_actions(request.user, worker)),
            "return_form": WorkerReturnForm(),
            "end_form": WorkerEndForm(),
        },
    )


@roles_required(Capability.READ_WORKERS)
def worker_history(request: HttpRequest, pk: int) -> HttpResponse:
    worker = selectors.worker_get_for(request.user, pk)
    return render(request, "core/partials/history.html", {"entries": history_entries(worker)})


@roles_required(Capability.EDIT_WORKERS)
def worker_create(request: HttpRequest) -> HttpResponse:
    form = WorkerForm(request.POST or None, actor=request.user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            worker = services.worker_create(actor=request.user, data=form.to_data())  # type: ignore[arg-type]
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("%(name)s didaftarkan sebagai pekerja rentan.") % {"name": worker.name})
            return redirect("workers:worker_detail", pk=worker.pk)
    return render(request, "workers/worker_form.html", {"form": form, "title": _("Daftarkan pekerja rentan")})


@roles_required(Capability.EDIT_WORKERS)
def worker_update(request: HttpRequest, pk: int) -> HttpResponse:
    worker = selectors.worker_get_for(request.user, pk)
    form = WorkerForm(request.POST or None, initial=WorkerForm.initial_for(worker), actor=request.user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            services.worker_update(actor=request.user, worker=worker, data=form.to_data())  # type: ignore[arg-type]
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Data pekerja disimpan."))
            return redirect("workers:worker_detail", pk=worker.pk)
    return render(
        request,
        "workers/worker_form.html",
        {"form": form, "title": _("Ubah data %(name)s") % {"name": worker.name}, "back": worker},
    )


@require_POST
@roles_required(Capability.EDIT_WORKERS)
def nik_check(request: HttpRequest) -> HttpResponse:
    """The live NIK check beside the form field (htmx)."""
    raw = request.POST.get("nik", "").strip()
    context: dict[str, object] = {"nik": raw}
    if raw:
        try:
            context["info"] = parse_nik(raw, district_codes=district_codes())
        except ApplicationError as error:
            context["error"] = error.message
    return render(request, "workers/partials/nik_check.html", context)


@roles_required(Capability.EDIT_WORKERS)
def village_search(request: HttpRequest) -> HttpResponse:
    """Suggestions for the village field of the worker form: the villages the
    user may register workers in that match what was typed."""
    villages = villages_matching(selectors.registration_villages(as_user(request.user)), searched_text(request))
    return render(request, SUGGESTIONS_TEMPLATE, {"labels": [village_label(v) for v in villages]})


def _back(request: HttpRequest, worker: Worker) -> HttpResponse:
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("workers:worker_detail", pk=worker.pk)


def _act(request: HttpRequest, worker: Worker, action: Callable[[], object], done: str) -> HttpResponse:
    """Run one service on the worker, show its refusal or `done`, and go back."""
    try:
        action()
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return _back(request, worker)


@require_POST
@roles_required(Capability.EDIT_WORKERS)
def worker_verify(request: HttpRequest, pk: int) -> HttpResponse:
    worker = selectors.worker_get_for(request.user, pk)
    return _act(
        request, worker,
        lambda: services.worker_verify(actor=request.user, worker=worker),  # type: ignore[arg-type]
        _("Data %(name)s terverifikasi.") % {"name": worker.name},
    )  # fmt: skip


@require_POST
@roles_required(Capability.EDIT_WORKERS)
def worker_return(request: HttpRequest, pk: int) -> HttpResponse:
    worker = selectors.worker_get_for(request.user, pk)
    return _act(
        request, worker,
        lambda: services.worker_return(actor=request.user, worker=worker, reason=request.POST.get("reason", "")),  # type: ignore[arg-type]
        _("Data %(name)s dikembalikan untuk diperbaiki.") % {"name": worker.name},
    )  # fmt: skip


@require_POST
@roles_required(Capability.EDIT_WORKERS)
def worker_protect(request: HttpRequest, pk: int) -> HttpResponse:
    worker = selectors.worker_get_for(request.user, pk)
    return _act(
        request, worker,
        lambda: services.worker_transition(actor=request.user, worker=worker, to=Worker.Status.PROTECTED),  # type: ignore[arg-type]
        _("%(name)s dicatat terlindungi.") % {"name": worker.name},
    )  # fmt: skip


@require_POST
@roles_required(Capability.EDIT_WORKERS)
def worker_end(request: HttpRequest, pk: int) -> HttpResponse:
    worker = selectors.worker_get_for(request.user, pk)
    form = WorkerEndForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return _back(request, worker)
    return _act(
        request, worker,
        lambda: services.worker_transition(
            actor=request.user, worker=worker, to=Worker.Status.ENDED,  # type: ignore[arg-type]
            on=form.cleaned_data["on"], reason=form.cleaned_data["reason"], note=form.cleaned_data["note"],
        ),
        _("Data %(name)s diakhiri. Salah catat? Batalkan hari ini juga dengan \"Batalkan pengakhiran\".")
        % {"name": worker.name},
    )  # fmt: skip


@require_POST
@roles_required(Capability.EDIT_WORKERS)
def worker_end_undo(request: HttpRequest, pk: int) -> HttpResponse:
    worker = selectors.worker_get_for(request.user, pk)
    return _act(
        request, worker, lambda: services.worker_end_undo(actor=request.user, worker=worker),  # type: ignore[arg-type]
        _("Pengakhiran data %(name)s dibatalkan; keduanya tercatat di riwayat.") % {"name": worker.name},
    )  # fmt: skip


# Verification and duplicates ------------------------------------------------------


@roles_required(Capability.EDIT_WORKERS)
def verification_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.verification_queue_for(request.user), 50).get_page(request.GET.get("halaman"))
    return render(
        request,
        "workers/verification_queue.html",
        {"page": page, "query_string": "", "return_form": WorkerReturnForm()},
    )


@roles_required(Capability.EDIT_WORKERS)
def duplicate_list(request: HttpRequest) -> HttpResponse:
    flags = selectors.duplicate_flags_for(request.user).select_related(
        "worker__registered_by", "candidate__registered_by"
    )
    page = Paginator(flags, 20).get_page(request.GET.get("halaman"))
    return render(request, "workers/duplicate_list.html", {"page": page, "query_string": ""})


def _flag_for(request: HttpRequest, pk: int) -> DuplicateFlag:
    return get_object_or_404(selectors.duplicate_flags_for(request.user), pk=pk)


@require_POST
@roles_required(Capability.EDIT_WORKERS)
def duplicate_merge(request: HttpRequest, pk: int) -> HttpResponse:
    flag = _flag_for(request, pk)
    keep = flag.worker if request.POST.get("keep") == str(flag.worker_id) else flag.candidate
    if request.POST.get("keep") not in (str(flag.worker_id), str(flag.candidate_id)):
        messages.error(request, _("Pilih salah satu dari dua data yang dibandingkan."))
        return redirect("workers:duplicate_list")
    try:
        kept = services.duplicate_merge(actor=request.user, flag=flag, keep=keep)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Data digabung; yang disimpan: %(name)s (%(nik)s).") % {"name": kept.name, "nik": kept.nik}
        )
    return redirect("workers:duplicate_list")


@require_POST
@roles_required(Capability.EDIT_WORKERS)
def duplicate_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    flag = _flag_for(request, pk)
    try:
        services.duplicate_dismiss(actor=request.user, flag=flag, note=request.POST.get("note", ""))  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Ditandai bukan duplikat; pasangan ini tidak akan ditandai lagi."))
    return redirect("workers:duplicate_list")
