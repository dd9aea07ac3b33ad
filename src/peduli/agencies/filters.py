"""Search, filters and sorting of agencies and civil servants, shared by the
pages and the API so both answer the same question the same way."""

from typing import Any

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peduli.agencies.models import Agency, CivilServant
from peduli.agencies.selectors import active_on, agency_queryset_for
from peduli.core.forms import FilterForm
from peduli.regions.models import Region
from peduli.regions.selectors import instance_regions

STATUS_CHOICES = [("aktif", _("Aktif")), ("nonaktif", _("Tidak aktif"))]


def _visible_agencies(request: Any) -> QuerySet[Agency]:
    # The agency filter offers only agencies the user can see.
    return agency_queryset_for(request.user) if request is not None else Agency.objects.none()


def _instance_districts(request: Any) -> QuerySet[Region]:
    # The instance's own districts (20 for Kendal), not the 7,000 of the nation.
    return instance_regions(Region.Level.DISTRICT)


class AgencyFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Cari"), method="search")
    kind = filters.ChoiceFilter(label=_("Jenis"), choices=Agency.Kind.choices, empty_label=_("Semua jenis"))
    district = filters.ModelChoiceFilter(
        label=_("Kecamatan"),
        queryset=_instance_districts,
        empty_label=_("Semua kecamatan"),
    )
    status = filters.ChoiceFilter(label=_("Status"), choices=STATUS_CHOICES, method="by_status", empty_label=_("Semua"))
    urut = filters.OrderingFilter(
        label=_("Urutkan"),
        fields=(
            ("name", "name"),
            ("code", "code"),
            ("kind", "kind"),
            ("active_civil_servants", "active_civil_servants"),
        ),
    )

    class Meta:
        model = Agency
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset: QuerySet[Agency], name: str, value: str) -> QuerySet[Agency]:
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value) | Q(short_name__icontains=value))

    def by_status(self, queryset: QuerySet[Agency], name: str, value: str) -> QuerySet[Agency]:
        today = timezone.localdate()
        current = Q(valid_from__lte=today) & (Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        return queryset.filter(current) if value == "aktif" else queryset.exclude(current)


class CivilServantFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Cari nama atau NIP"), method="search")
    agency = filters.ModelChoiceFilter(label=_("OPD"), queryset=_visible_agencies, empty_label=_("Semua OPD"))
    employment_type = filters.ChoiceFilter(
        label=_("Jenis ASN"), choices=CivilServant.EmploymentType.choices, empty_label=_("PNS dan PPPK")
    )
    sex = filters.ChoiceFilter(label=_("Jenis kelamin"), choices=CivilServant.Sex.choices, empty_label=_("Semua"))
    status = filters.ChoiceFilter(label=_("Status"), choices=STATUS_CHOICES, method="by_status", empty_label=_("Semua"))
    urut = filters.OrderingFilter(
        label=_("Urutkan"),
        fields=(
            ("name", "name"),
            ("nip", "nip"),
            ("agency__name", "agency"),
            ("rank", "rank"),
            ("service_start", "service_start"),
        ),
    )

    class Meta:
        model = CivilServant
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset: QuerySet[CivilServant], name: str, value: str) -> QuerySet[CivilServant]:
        digits = "".join(ch for ch in value if ch.isdigit())
        condition = Q(name__icontains=value.strip())
        if digits:
            condition |= Q(nip__startswith=digits)
        return queryset.filter(condition)

    def by_status(self, queryset: QuerySet[CivilServant], name: str, value: str) -> QuerySet[CivilServant]:
        active = active_on(queryset, timezone.localdate())
        return active if value == "aktif" else queryset.exclude(pk__in=active.values("pk"))
