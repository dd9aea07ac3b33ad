"""The worker page's buttons and the services agree: for every role and every
state a worker can be in, an action is offered exactly when the service would
accept it."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from peduli.core.errors import ApplicationError
from peduli.workers.models import Worker
from peduli.workers.policy import worker_actions
from peduli.workers.services import worker_return, worker_transition, worker_verify

Status = Worker.Status
KENDAL_VILLAGE = "33.24.01.2001"  # district 33.24.01


def _accepted(call: Callable[[], Any]) -> bool:
    """Whether the service accepts the call; nothing it wrote is kept."""
    try:
        with transaction.atomic():
            call()
            transaction.set_rollback(True)
    except ApplicationError:
        return False
    return True


@pytest.fixture
def actors(user_factory: Any, kendal: Any) -> dict[str, Any]:
    from peduli.regions.models import Region

    other_district = Region.objects.filter(parent__code="33.24", level=Region.Level.DISTRICT).exclude(code="33.24.01")
    return {
        "admin": user_factory("regency_admin"),
        "own district": user_factory("district_operator", district=Region.objects.get(code="33.24.01")),
        "other district": user_factory("district_operator", district=other_district.first()),
        "leader": user_factory("leader"),
        "bpjs": user_factory("bpjs_officer"),
    }


@pytest.fixture
def workers(worker_factory: Any) -> dict[str, Worker]:
    def moved(worker: Worker, *statuses: str) -> Worker:
        for status in statuses:
            worker = worker_transition(actor=None, worker=worker, to=status)
        return worker

    returned = worker_factory(KENDAL_VILLAGE, verified=False)
    worker_return(actor=None, worker=returned, reason="Alamat kurang lengkap")
    ended = worker_factory(KENDAL_VILLAGE)
    worker_transition(actor=None, worker=ended, to=Status.ENDED, reason=Worker.EndReason.MOVED_OUT)
    return {
        "registered": worker_factory(KENDAL_VILLAGE, verified=False),
        "returned": Worker.objects.get(pk=returned.pk),
        "verified": worker_factory(KENDAL_VILLAGE),
        "verified with KPJ": worker_factory(KENDAL_VILLAGE, kpj="12345678901"),
        "protected": moved(worker_factory(KENDAL_VILLAGE, kpj="12345678903"), Status.PROTECTED),
        "in arrears": moved(worker_factory(KENDAL_VILLAGE, kpj="12345678904"), Status.PROTECTED, Status.ARREARS),
        "lapsed": moved(worker_factory(KENDAL_VILLAGE, kpj="12345678902"), Status.PROTECTED, Status.LAPSED),
        "ended": Worker.objects.get(pk=ended.pk),
    }


def _service_accepts(actor: Any, worker: Worker) -> dict[str, bool]:
    end_reason = Worker.EndReason.MOVED_OUT
    return {
        "can_verify": _accepted(lambda: worker_verify(actor=actor, worker=worker)),
        "can_return": _accepted(lambda: worker_return(actor=actor, worker=worker, reason="Cek ulang")),
        "can_protect": _accepted(lambda: worker_transition(actor=actor, worker=worker, to=Status.PROTECTED)),
        "can_end": _accepted(lambda: worker_transition(actor=actor, worker=worker, to=Status.ENDED, reason=end_reason)),
    }


def test_every_offered_action_is_one_the_service_accepts_and_no_other(
    actors: dict[str, Any], workers: dict[str, Worker]
) -> None:
    disagreements = []
    for who, actor in actors.items():
        for state, worker in workers.items():
            offered = worker_actions(actor, worker)
            accepted = _service_accepts(actor, worker)
            for action, service_says in accepted.items():
                if getattr(offered, action) != service_says:
                    disagreements.append((who, state, action, getattr(offered, action), service_says))
    assert disagreements == []
    # The matrix is not trivially empty: the office and the worker's own district act, the rest read.
    assert worker_actions(actors["own district"], workers["registered"]).can_verify
    assert not worker_actions(actors["other district"], workers["registered"]).can_edit
    assert not worker_actions(actors["leader"], workers["verified"]).can_end
    # Verifying is for a new registration: on a protected worker it would undo its coverage status.
    assert not any(worker_actions(actors["admin"], workers[state]).can_verify for state in ("protected", "in arrears"))
