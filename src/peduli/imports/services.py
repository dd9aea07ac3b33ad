"""Starting, running, confirming and resuming imports of any kind."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.core.errors import ApplicationError
from peduli.core.formatting import byte_size
from peduli.imports.engine import ProgressCallback, import_run
from peduli.imports.models import ImportBatch
from peduli.imports.reading import SUPPORTED_SUFFIXES
from peduli.imports.registry import spec_for


def _check_file_name(name: str) -> None:
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise ApplicationError(_("Format berkas tidak didukung; unggah .xlsx, .xls, .ods atau .csv."), field="file")


def _enqueue(batch: ImportBatch) -> None:
    # Imported here because the task module imports this one.
    from peduli.imports.tasks import import_batch_task

    import_batch_task.enqueue(batch.pk)


def import_start(
    *, actor: User, kind: str, uploaded_file: Any, dry_run: bool, mapping: dict[str, str] | None = None
) -> ImportBatch:
    """Store an uploaded file and queue its check (dry run) or import.

    Not atomic on purpose: the batch must be committed before the worker
    looks for it.
    """
    spec = spec_for(kind)
    if not spec.may_import(actor):
        raise ApplicationError(_("Anda tidak berwenang mengimpor %(what)s.") % {"what": spec.label}, code="forbidden")
    name = Path(getattr(uploaded_file, "name", "berkas")).name
    _check_file_name(name)
    limit = settings.PEDULI_UPLOAD_MAX_BYTES
    if (getattr(uploaded_file, "size", 0) or 0) > limit:
        raise ApplicationError(
            _("Berkas lebih besar dari batas %(limit)s; pecah menjadi beberapa berkas.") % {"limit": byte_size(limit)},
            field="file",
        )
    batch = ImportBatch(kind=kind, original_name=name, uploaded_by=actor, dry_run=dry_run, mapping=mapping or {})
    batch.file.save(name, uploaded_file, save=False)
    batch.save()
    _enqueue(batch)
    return batch


def import_batch_run(*, batch: ImportBatch) -> ImportBatch:
    """Run a stored batch (the background task). A file that cannot be used is
    recorded on the batch, not raised."""
    try:
        return import_run(spec=spec_for(batch.kind), batch=batch, path=Path(batch.file.path), actor=batch.uploaded_by)
    except ApplicationError:
        batch.refresh_from_db()
        return batch


def import_remap(*, actor: User, batch: ImportBatch, mapping: dict[str, str]) -> ImportBatch:
    """Check the same file again with the columns the user chose."""
    with batch.file.open("rb") as handle:
        return import_start(
            actor=actor, kind=batch.kind, uploaded_file=File(handle, name=batch.original_name), dry_run=True,
            mapping=mapping,
        )  # fmt: skip


def import_confirm(*, actor: User, batch: ImportBatch) -> ImportBatch:
    """After a dry run the user has checked, import the same file for real."""
    if not batch.dry_run or batch.status != ImportBatch.Status.DONE:
        raise ApplicationError(_("Hanya hasil uji coba yang selesai yang dapat diimpor."))
    with batch.file.open("rb") as handle:
        real = import_start(
            actor=actor, kind=batch.kind, uploaded_file=File(handle, name=batch.original_name), dry_run=False,
            mapping=batch.mapping,
        )  # fmt: skip
    ImportBatch.objects.filter(pk=real.pk).update(confirms=batch)
    return real


def import_resume(*, actor: User | None, batch: ImportBatch) -> ImportBatch:
    """Queue again a batch whose run was interrupted (the process was killed):
    nothing of it was written, so it simply runs from the start."""
    if batch.status == ImportBatch.Status.DONE:
        raise ApplicationError(_("Impor ini sudah selesai."))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.PENDING, error="")
    _enqueue(batch)
    batch.refresh_from_db()
    return batch


def import_file(
    *, kind: str, path: Path, actor: User | None, dry_run: bool, on_progress: ProgressCallback | None = None
) -> ImportBatch:
    """Import a file synchronously (management commands): the batch keeps a
    copy of the file, so an interrupted run can be resumed.

    Raises ApplicationError when the file itself is unusable.
    """
    spec = spec_for(kind)
    _check_file_name(path.name)
    if not path.is_file():
        raise ApplicationError(_("Berkas %(path)s tidak ditemukan.") % {"path": path}, field="file")
    batch = ImportBatch(kind=kind, original_name=path.name, uploaded_by=actor, dry_run=dry_run)
    with path.open("rb") as handle:
        batch.file.save(path.name, File(handle), save=False)
    batch.save()
    return import_run(spec=spec, batch=batch, path=Path(batch.file.path), actor=actor, on_progress=on_progress)
