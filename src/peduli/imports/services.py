"""Starting, running, confirming, resuming and discarding imports of any
kind, and failing those whose worker died."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.core.errors import ApplicationError
from peduli.core.formatting import byte_size, number
from peduli.imports.engine import ProgressCallback, import_run
from peduli.imports.models import CORRECTION_REASON_LONGEST, ImportBatch, RejectedRow
from peduli.imports.progress import batch_is_stale, stale_after_seconds
from peduli.imports.reading import SUPPORTED_SUFFIXES
from peduli.imports.registry import spec_for
from peduli.imports.spec import ImportSpec


def _check_file_name(name: str) -> None:
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise ApplicationError(_("Format berkas tidak didukung; unggah .xlsx, .xls, .ods atau .csv."), field="file")


def _enqueue(batch: ImportBatch) -> None:
    # Imported here because the task module imports this one.
    from peduli.imports.tasks import import_batch_task

    import_batch_task.enqueue(batch.pk)


def _correction_reason_checked(spec: ImportSpec, reason: str) -> str:
    reason = " ".join(reason.split())
    if reason and not spec.correctable:
        raise ApplicationError(
            _("Impor %(what)s tidak mengenal koreksi data.") % {"what": spec.label}, field="correction_reason"
        )
    longest = CORRECTION_REASON_LONGEST
    if len(reason) > longest:
        raise ApplicationError(
            _("Alasan koreksi data paling panjang %(longest)d huruf; tulis singkat, misalnya "
              '"Salah ketik nama saat pendataan".') % {"longest": longest},
            field="correction_reason",
        )  # fmt: skip
    return reason


def import_start(
    *, actor: User, kind: str, uploaded_file: Any, dry_run: bool, mapping: dict[str, str] | None = None,
    correction_reason: str = "",
) -> ImportBatch:  # fmt: skip
    """Store an uploaded file and queue its check (dry run) or import; with
    a `correction_reason`, as a "koreksi data" batch (`spec.ImportOptions`).

    Not atomic on purpose: the batch must be committed before the worker
    looks for it.
    """
    spec = spec_for(kind)
    if not spec.may_import(actor):
        raise ApplicationError(_("Anda tidak berwenang mengimpor %(what)s.") % {"what": spec.label}, code="forbidden")
    correction_reason = _correction_reason_checked(spec, correction_reason)
    name = Path(getattr(uploaded_file, "name", "berkas")).name
    _check_file_name(name)
    limit = settings.PEDULI_UPLOAD_MAX_BYTES
    if (getattr(uploaded_file, "size", 0) or 0) > limit:
        raise ApplicationError(
            _("Berkas lebih besar dari batas %(limit)s; pecah menjadi beberapa berkas.") % {"limit": byte_size(limit)},
            field="file",
        )
    batch = ImportBatch(
        kind=kind, original_name=name, uploaded_by=actor, dry_run=dry_run, mapping=mapping or {},
        correction_reason=correction_reason,
    )  # fmt: skip
    batch.file.save(name, uploaded_file, save=False)
    batch.save()
    _enqueue(batch)
    return batch


def import_batch_run(*, batch: ImportBatch) -> ImportBatch:
    """Run a stored batch (the background task). A file that cannot be used is
    recorded on the batch, not raised; a batch finished or discarded
    meanwhile is left as it is."""
    batch.refresh_from_db()
    if batch.status in (ImportBatch.Status.DONE, ImportBatch.Status.DISCARDED):
        return batch
    try:
        return import_run(spec=spec_for(batch.kind), batch=batch, path=Path(batch.file.path), actor=batch.uploaded_by)
    except ApplicationError:
        batch.refresh_from_db()
        return batch


def _same_file_again(
    *, actor: User, batch: ImportBatch, dry_run: bool, mapping: dict[str, str], correction_reason: str
) -> ImportBatch:
    if not batch.file:
        raise ApplicationError(_("Berkas impor ini sudah dihapus; unggah berkasnya lagi."))
    with batch.file.open("rb") as handle:
        return import_start(
            actor=actor, kind=batch.kind, uploaded_file=File(handle, name=batch.original_name), dry_run=dry_run,
            mapping=mapping, correction_reason=correction_reason,
        )  # fmt: skip


def import_remap(*, actor: User, batch: ImportBatch, mapping: dict[str, str]) -> ImportBatch:
    """Check the same file again with the columns the user chose."""
    return _same_file_again(
        actor=actor, batch=batch, dry_run=True, mapping=mapping, correction_reason=batch.correction_reason
    )


def import_as_correction(*, actor: User, batch: ImportBatch, reason: str) -> ImportBatch:
    """Check the same file again as a "koreksi data" batch, for `reason`: the
    rows refused for changing a verified person's identity then come in."""
    if not reason.strip():
        raise ApplicationError(_("Tulis alasan koreksi datanya."), field="correction_reason")
    return _same_file_again(actor=actor, batch=batch, dry_run=True, mapping=batch.mapping, correction_reason=reason)


def import_confirm(*, actor: User, batch: ImportBatch) -> ImportBatch:
    """After a dry run the user has checked, import the same file for real
    (with the dry run's columns and its correction reason)."""
    if not batch.dry_run or batch.status != ImportBatch.Status.DONE:
        raise ApplicationError(_("Hanya hasil uji coba yang selesai yang dapat diimpor."))
    real = _same_file_again(
        actor=actor, batch=batch, dry_run=False, mapping=batch.mapping, correction_reason=batch.correction_reason
    )
    ImportBatch.objects.filter(pk=real.pk).update(confirms=batch)
    return real


def _refuse_unless_stopped(batch: ImportBatch) -> None:
    if batch.status == ImportBatch.Status.DONE:
        raise ApplicationError(_("Impor ini sudah selesai."))
    if batch.status == ImportBatch.Status.DISCARDED:
        raise ApplicationError(_("Impor ini sudah dibuang; unggah berkasnya lagi bila masih diperlukan."))
    if batch.status == ImportBatch.Status.RUNNING and not batch_is_stale(batch):
        raise ApplicationError(_("Impor ini masih diproses; tunggu sampai selesai."))


def import_resume(*, actor: User | None, batch: ImportBatch) -> ImportBatch:
    """Queue again a batch whose run was interrupted (its worker died) or
    failed: nothing of it was written, so it simply runs from the start.
    Refused while it is still running, and once it has used up its runs."""
    batch.refresh_from_db()
    _refuse_unless_stopped(batch)
    limit = int(settings.PEDULI_IMPORT_MAX_ATTEMPTS)
    if batch.attempts >= limit:
        raise ApplicationError(
            _(
                "Impor ini sudah dicoba %(limit)s kali, batas percobaannya, dan tidak dijalankan lagi. Periksa "
                "berkasnya, lalu unggah berkas yang sudah diperbaiki atau buang impor ini."
            )
            % {"limit": limit}
        )
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.PENDING, error="", interrupted=False)
    _enqueue(batch)
    batch.refresh_from_db()
    return batch


def import_discard(*, actor: User | None, batch: ImportBatch) -> ImportBatch:
    """Give up a batch that did not finish: it is marked discarded, and its
    stored file (personal data) and rejected rows are deleted. Refused for a
    finished batch and while it is still running."""
    batch.refresh_from_db()
    if batch.status == ImportBatch.Status.DISCARDED:
        return batch
    _refuse_unless_stopped(batch)
    who = actor.get_username() if actor is not None else _("sistem")
    with transaction.atomic():
        RejectedRow.objects.filter(batch=batch).delete()
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.DISCARDED, interrupted=False, error=_("Dibuang oleh %(who)s.") % {"who": who},
            finished_at=timezone.now(), file="",
        )  # fmt: skip
    if batch.file:
        batch.file.delete(save=False)
    batch.refresh_from_db()
    return batch


def import_batches_fail_stale() -> int:
    """Fail every batch still marked running whose run has been silent longer
    than PEDULI_IMPORT_STALE_AFTER: its worker died. Nothing of it was
    written; it may be run again (`import_resume`) or discarded. The
    scheduler's task calls this; returns how many were failed."""
    limit = stale_after_seconds()
    minutes = number(limit / 60, 0 if limit % 60 == 0 else 1)
    message = _(
        "Proses impor berhenti tanpa kabar lebih dari %(minutes)s menit; proses latarnya kemungkinan mati. Tidak "
        "ada data yang tersimpan dari impor ini. Jalankan lagi atau buang impor ini."
    ) % {"minutes": minutes}
    failed = 0
    for batch in ImportBatch.objects.filter(status=ImportBatch.Status.RUNNING):
        if batch_is_stale(batch):
            failed += ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.RUNNING).update(
                status=ImportBatch.Status.FAILED, interrupted=True, error=message, finished_at=timezone.now()
            )
    return failed


def import_file(
    *, kind: str, path: Path, actor: User | None, dry_run: bool, on_progress: ProgressCallback | None = None,
    correction_reason: str = "",
) -> ImportBatch:  # fmt: skip
    """Import a file synchronously (management commands): the batch keeps a
    copy of the file, so an interrupted run can be resumed.

    Raises ApplicationError when the file itself is unusable.
    """
    spec = spec_for(kind)
    _check_file_name(path.name)
    if not path.is_file():
        raise ApplicationError(_("Berkas %(path)s tidak ditemukan.") % {"path": path}, field="file")
    batch = ImportBatch(
        kind=kind, original_name=path.name, uploaded_by=actor, dry_run=dry_run,
        correction_reason=_correction_reason_checked(spec, correction_reason),
    )  # fmt: skip
    with path.open("rb") as handle:
        batch.file.save(path.name, File(handle), save=False)
    batch.save()
    return import_run(spec=spec, batch=batch, path=Path(batch.file.path), actor=actor, on_progress=on_progress)
