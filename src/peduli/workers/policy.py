"""What may be done with one worker: the workflow (which status may follow
which) and, for a user, which of its actions they may take now. The worker
page, the API and the services ask here, so a button is shown exactly when
the service would accept the click."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, as_user, may, may_take_back
from peduli.workers.models import StatusChange, Worker
from peduli.workers.selectors import worker_editable_districts

Status = Worker.Status
TRANSITIONS: dict[str, set[str]] = {
    Status.REGISTERED: {Status.VERIFIED, Status.ENDED},
    Status.VERIFIED: {Status.PROTECTED, Status.ARREARS, Status.ENDED},
    # The ledger's coverage_sync moves these (ledger.coverage says when).
    Status.PROTECTED: {Status.ARREARS, Status.LAPSED, Status.VERIFIED, Status.ENDED},
    Status.ARREARS: {Status.PROTECTED, Status.LAPSED, Status.VERIFIED, Status.ENDED},
    Status.LAPSED: {Status.PROTECTED, Status.ENDED},
    Status.ENDED: set(),
}
# A person protects a worker by hand (their KPJ shows BPJS covers them) only
# from these; arrears are the ledger's to clear.
PROTECTABLE_BY_HAND = frozenset({Status.VERIFIED, Status.LAPSED})


def worker_may_become(worker: Worker, status: str) -> bool:
    return status in TRANSITIONS[worker.status]


def worker_can_edit(actor: User | None, worker: Worker) -> bool:
    """Whether the actor may change this worker's data (None: the command line)."""
    districts = worker_editable_districts(actor)
    return districts is None or worker.district_id in districts


def worker_end_to_undo(actor: User | None, worker: Worker) -> StatusChange | None:
    """The end of `worker` that `actor` may still take back: recorded today,
    by `actor` or by anyone when the labour office (or the command line)
    undoes it. An end is the last word on a worker, so it is the last change."""
    if worker.status != Status.ENDED:
        return None
    last = worker.status_changes.order_by("-at", "-pk").first()
    if last is None or last.to_status != Status.ENDED:
        return None
    recorded = may_take_back(actor, recorded_by_id=last.actor_id, recorded_at=last.at)
    return last if recorded and worker_can_edit(actor, worker) else None


@dataclass(frozen=True)
class WorkerActions:
    can_edit: bool
    can_verify: bool
    can_return: bool
    can_protect: bool
    can_end: bool
    can_undo_end: bool


def worker_actions(user: User | AnonymousUser, worker: Worker) -> WorkerActions:
    u = as_user(user)
    edit = u is not None and may(u, Capability.EDIT_WORKERS) and worker_can_edit(u, worker)
    waiting = worker.status == Status.REGISTERED
    return WorkerActions(
        can_edit=edit,
        can_verify=edit and worker.status == Status.REGISTERED and not worker.returned_reason,
        can_return=edit and waiting,
        can_protect=edit and bool(worker.kpj) and worker.status in PROTECTABLE_BY_HAND,
        can_end=edit and worker_may_become(worker, Status.ENDED),
        can_undo_end=edit and worker_end_to_undo(u, worker) is not None,
    )
