"""Filters of the reconciliation differences, on the report page and in the API."""

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from peduli.core.filters import IdFilter
from peduli.core.forms import FilterForm
from peduli.ledger.models import ReconciliationDifference

DIFFERENCE_STATES = [("open", _("Belum diselesaikan")), ("resolved", _("Sudah diselesaikan"))]


class DifferenceFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Cari NIK, KPJ atau nama"), method="search")
    kind = filters.ChoiceFilter(
        label=_("Jenis selisih"), choices=ReconciliationDifference.Kind.choices, empty_label=_("Semua jenis")
    )
    status = filters.ChoiceFilter(
        label=_("Penyelesaian"), choices=DIFFERENCE_STATES, empty_label=_("Semua"), method="by_status"
    )

    class Meta:
        model = ReconciliationDifference
        fields: list[str] = []
        form = FilterForm

    def search(
        self, queryset: QuerySet[ReconciliationDifference], name: str, value: str
    ) -> QuerySet[ReconciliationDifference]:
        text = value.strip()
        return queryset.filter(Q(nik__startswith=text) | Q(kpj__startswith=text) | Q(worker__name__icontains=text))

    def by_status(
        self, queryset: QuerySet[ReconciliationDifference], name: str, value: str
    ) -> QuerySet[ReconciliationDifference]:
        return queryset.filter(resolved_at__isnull=value == "open")


class DifferenceApiFilter(DifferenceFilter):
    """The report's filters, and the remittance for API clients."""

    remittance = IdFilter(label=_("ID setoran"), field_name="remittance_id")
