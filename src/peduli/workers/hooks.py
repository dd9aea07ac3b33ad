"""Where the apps above the registry join in, without the registry importing
them (the layers, ADR 0013): what follows a worker when two records of one
person are merged, and what the worker's page shows of them.

Apps register in their `AppConfig.ready`; `sponsorships` moves the person's
sponsorships, `ledger` their dues, and each adds its part of the page.
"""

from collections.abc import Callable
from typing import Any, Protocol

from django.http import HttpRequest

from peduli.accounts.models import User
from peduli.workers.models import Worker


class MergeFollower(Protocol):
    def __call__(self, *, actor: User | None, kept: Worker, other: Worker) -> None:
        """Move what belongs to `other` onto `kept`, inside the merge's
        transaction; raise ApplicationError to refuse the merge."""


PageSection = Callable[[HttpRequest, Worker], dict[str, Any]]

_merge_followers: list[MergeFollower] = []
_page_sections: list[PageSection] = []


def worker_merge_follow(follower: MergeFollower) -> None:
    if follower not in _merge_followers:
        _merge_followers.append(follower)


def worker_page_section(section: PageSection) -> None:
    if section not in _page_sections:
        _page_sections.append(section)


def worker_merge_followers_run(*, actor: User | None, kept: Worker, other: Worker) -> None:
    for follower in _merge_followers:
        follower(actor=actor, kept=kept, other=other)


def worker_page_sections(request: HttpRequest, worker: Worker) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for section in _page_sections:
        context.update(section(request, worker))
    return context
