"""Filters of the payment and remittance lists."""

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from peduli.core.forms import DateField, FilterForm
from peduli.ledger.models import Payment, Remittance


class DayFilter(filters.DateFilter):
    """A day typed as dd/mm/yyyy (the project's DateField)."""

    field_class = DateField


class PaymentFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Cari donatur atau nomor bukti"), method="search")
    method = filters.ChoiceFilter(label=_("Cara bayar"), choices=Payment.Method.choices, empty_label=_("Semua cara"))
    dari = DayFilter(label=_("Diterima sejak"), field_name="received_on", lookup_expr="gte")
    sampai = DayFilter(label=_("Diterima sampai"), field_name="received_on", lookup_expr="lte")

    class Meta:
        model = Payment
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset: QuerySet[Payment], name: str, value: str) -> QuerySet[Payment]:
        text = value.strip()
        return queryset.filter(
            Q(sponsor__name__icontains=text) | Q(sponsor__code__iexact=text) | Q(reference__icontains=text)
        )


class RemittanceFilter(filters.FilterSet):
    status = filters.ChoiceFilter(label=_("Status"), choices=Remittance.Status.choices, empty_label=_("Semua status"))

    class Meta:
        model = Remittance
        fields: list[str] = []
        form = FilterForm
