"""Filters of the BPJS member list (pages and API): the month a member was
active, the village or district, matched to a Peduli worker or not."""

import django_filters as filters
from django.db.models import Max, Min, Q, QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from peduli.bpjs.member_selectors import member_active_filter
from peduli.bpjs.models import Member, MemberCount
from peduli.core.forms import FilterForm, SearchInput
from peduli.core.months import YearMonth, month_range
from peduli.regions.models import Region
from peduli.regions.selectors import instance_regions, village_code_typed

MATCHED_CHOICES = [("ya", _("Terdaftar di Peduli")), ("tidak", _("Belum terdaftar di Peduli"))]


def member_months() -> list[YearMonth]:
    """Every month some imported list covers, newest first."""
    span = Member.objects.aggregate(first=Min("first_month"), last=Max("last_month"))
    if span["first"] is None:
        return []
    return list(reversed(month_range(YearMonth.of(span["first"]), YearMonth.of(span["last"]))))


class MemberFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Cari nama, NIK atau KPJ"), method="search")
    bulan = filters.ChoiceFilter(label=_("Aktif pada bulan"), method="active_in", empty_label=_("Semua bulan"))
    kecamatan = filters.ModelChoiceFilter(
        label=_("Kecamatan"), field_name="village__parent", queryset=Region.objects.none(),
        empty_label=_("Semua kecamatan"),
    )  # fmt: skip
    # Searched on the server as one types, not a select of every village.
    desa = filters.CharFilter(
        label=_("Desa"),
        method="in_village",
        widget=SearchInput(url=reverse_lazy("regions:village_search"), attrs={"placeholder": _("Semua desa")}),
    )
    pekerja = filters.ChoiceFilter(
        label=_("Di Peduli"), choices=MATCHED_CHOICES, method="matched", empty_label=_("Semua")
    )

    class Meta:
        model = Member
        fields: list[str] = []
        form = FilterForm

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.filters["bulan"].extra["choices"] = [(str(m), m.label) for m in member_months()]
        self.filters["kecamatan"].queryset = instance_regions(Region.Level.DISTRICT)

    def search(self, queryset: QuerySet[Member], name: str, value: str) -> QuerySet[Member]:
        text = value.strip()
        return queryset.filter(Q(name__icontains=text) | Q(nik=text) | Q(kpj=text))

    def in_village(self, queryset: QuerySet[Member], name: str, value: str) -> QuerySet[Member]:
        """A village's code, a suggestion ending in one, or a name only one village of the instance bears."""
        code, _named = village_code_typed(instance_regions(Region.Level.VILLAGE), value)
        return queryset.filter(village_id=code) if code else queryset.none()

    def active_in(self, queryset: QuerySet[Member], name: str, value: str) -> QuerySet[Member]:
        try:
            return member_active_filter(queryset, YearMonth.parse(value))
        except ValueError:
            return queryset.none()

    def matched(self, queryset: QuerySet[Member], name: str, value: str) -> QuerySet[Member]:
        return queryset.filter(worker__isnull=value != "ya")


class MemberCountFilter(filters.FilterSet):
    """The API's filter of per-village counts."""

    bulan = filters.CharFilter(label=_("Bulan (TTTT-BB)"), method="in_month")
    kecamatan = filters.CharFilter(label=_("Kode kecamatan"), field_name="village__parent")

    class Meta:
        model = MemberCount
        fields: list[str] = []

    def in_month(self, queryset: QuerySet[MemberCount], name: str, value: str) -> QuerySet[MemberCount]:
        try:
            return queryset.filter(month=YearMonth.parse(value).first_day)
        except ValueError:
            return queryset.none()
