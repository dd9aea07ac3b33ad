"""Reads of the reconciliation with BPJS, for those who read remittances
(labour office, leaders, BPJS officers). Only the current statement of a
remittance counts; a replaced one stays for the record."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from peduli.accounts.models import User
from peduli.ledger.models import ReconciliationDifference, Remittance, RemittanceStatement
from peduli.ledger.selectors import remittance_queryset_for

OPEN = Q(resolved_at__isnull=True)


def difference_queryset_for(user: User | AnonymousUser) -> QuerySet[ReconciliationDifference]:
    """The differences of current statements of the remittances the user may read."""
    return ReconciliationDifference.objects.filter(
        statement__is_current=True, remittance__in=remittance_queryset_for(user)
    ).select_related("worker", "remittance", "resolved_by")


def difference_get_for(user: User | AnonymousUser, pk: object) -> ReconciliationDifference:
    return get_object_or_404(difference_queryset_for(user), pk=pk)


def statement_current(remittance: Remittance) -> RemittanceStatement | None:
    return (
        RemittanceStatement.objects.filter(remittance=remittance, is_current=True).select_related("imported_by").first()
    )


@dataclass(frozen=True)
class Reconciliation:
    """A remittance against BPJS's current statement: the three totals and
    the differences counted by kind (open and all)."""

    remittance: Remittance
    statement: RemittanceStatement | None
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def ours(self) -> int:
        return self.remittance.total_amount

    @property
    def billed(self) -> int:
        return self.statement.billed_amount if self.statement else 0

    @property
    def confirmed(self) -> int:
        return self.statement.confirmed_amount if self.statement else 0

    @property
    def unconfirmed(self) -> int:
        """What we remitted beyond what BPJS confirmed (negative: BPJS confirmed more)."""
        return self.ours - self.confirmed

    @property
    def total(self) -> int:
        return sum(counts["all"] for counts in self.by_kind.values())

    @property
    def open(self) -> int:
        return sum(counts["open"] for counts in self.by_kind.values())

    @property
    def kinds(self) -> list[tuple[str, str, int, int]]:
        """(kind, label, open, all) of every kind, in the order of the choices."""
        return [
            (kind, str(label), self.by_kind.get(kind, {}).get("open", 0), self.by_kind.get(kind, {}).get("all", 0))
            for kind, label in ReconciliationDifference.Kind.choices
        ]


def reconciliation_for(user: User | AnonymousUser, remittance: Remittance) -> Reconciliation:
    """The remittance (already read through `remittance_get_for`) against its current statement."""
    statement = statement_current(remittance)
    if statement is None:
        return Reconciliation(remittance=remittance, statement=None)
    rows = (
        difference_queryset_for(user)
        .filter(statement=statement)
        .values("kind")
        .annotate(all=Count("pk"), open=Count("pk", filter=OPEN))
        .order_by()
    )
    by_kind = {row["kind"]: {"all": row["all"], "open": row["open"]} for row in rows}
    return Reconciliation(remittance=remittance, statement=statement, by_kind=by_kind)


def remittance_differences(user: User | AnonymousUser, remittance: Remittance) -> QuerySet[ReconciliationDifference]:
    return difference_queryset_for(user).filter(remittance=remittance)
