import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from peduli.core.forms import FilterForm
from peduli.regions.models import Region


class RegionFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Cari nama atau kode"), method="search")
    level = filters.ChoiceFilter(label=_("Tingkat"), choices=Region.Level.choices, empty_label=_("Semua tingkat"))
    parent = filters.CharFilter(label=_("Kode induk"), field_name="parent_id")
    urut = filters.OrderingFilter(label=_("Urutkan"), fields=(("code", "code"), ("name", "name")))

    class Meta:
        model = Region
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset: QuerySet[Region], name: str, value: str) -> QuerySet[Region]:
        return queryset.filter(Q(name__icontains=value.strip()) | Q(code__startswith=value.strip()))
