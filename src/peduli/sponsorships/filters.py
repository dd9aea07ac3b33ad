"""Search and filters of the sponsor and sponsorship lists."""

from typing import Any

import django_filters as filters
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from peduli.agencies.models import Agency
from peduli.agencies.selectors import agency_queryset_for
from peduli.core.forms import FilterForm
from peduli.regions.models import Region
from peduli.regions.selectors import instance_region_code, region_queryset_for
from peduli.sponsorships.models import Sponsor, Sponsorship


def _agencies(request: Any) -> QuerySet[Agency]:
    return agency_queryset_for(request.user) if request is not None else Agency.objects.none()


def _districts(request: Any) -> QuerySet[Region]:
    if request is None:
        return Region.objects.none()
    districts = region_queryset_for(request.user).filter(level=Region.Level.DISTRICT).order_by("name")
    instance = instance_region_code()
    return districts.filter(code__startswith=f"{instance}.") if instance else districts


STATE_CHOICES = [("berjalan", _("Berjalan")), ("berakhir", _("Berakhir"))]


class SponsorFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Cari nama atau kode"), method="search")
    kind = filters.ChoiceFilter(label=_("Jenis"), choices=Sponsor.Kind.choices, empty_label=_("Semua jenis"))
    agency = filters.ModelChoiceFilter(label=_("OPD"), queryset=_agencies, empty_label=_("Semua OPD"))
    urut = filters.OrderingFilter(
        label=_("Urutkan"),
        fields=(("name", "name"), ("kind", "kind"), ("running", "running"), ("credit", "credit")),
    )

    class Meta:
        model = Sponsor
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset: QuerySet[Sponsor], name: str, value: str) -> QuerySet[Sponsor]:
        text = value.strip()
        return queryset.filter(Q(name__icontains=text) | Q(code__icontains=text))


def with_running_count(sponsors: QuerySet[Sponsor]) -> QuerySet[Sponsor]:
    """Sponsors annotated with how many of their sponsorships still run."""
    return sponsors.annotate(running=Count("sponsorships", filter=Q(sponsorships__end_month__isnull=True)))


class SponsorshipFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Cari donatur, pekerja atau NIK"), method="search")
    state = filters.ChoiceFilter(label=_("Keadaan"), choices=STATE_CHOICES, method="by_state", empty_label=_("Semua"))
    kind = filters.ChoiceFilter(
        label=_("Jenis donatur"), field_name="sponsor__kind", choices=Sponsor.Kind.choices, empty_label=_("Semua jenis")
    )
    district = filters.ModelChoiceFilter(
        label=_("Kecamatan pekerja"), field_name="worker__district", queryset=_districts,
        empty_label=_("Semua kecamatan"),
    )  # fmt: skip
    urut = filters.OrderingFilter(
        label=_("Urutkan"),
        fields=(("sponsor__name", "sponsor"), ("worker__name", "worker"), ("start_month", "start")),
    )

    class Meta:
        model = Sponsorship
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset: QuerySet[Sponsorship], name: str, value: str) -> QuerySet[Sponsorship]:
        text = value.strip()
        if text.isdigit():
            return queryset.filter(worker__nik__startswith=text)
        return queryset.filter(Q(sponsor__name__icontains=text) | Q(worker__name__icontains=text))

    def by_state(self, queryset: QuerySet[Sponsorship], name: str, value: Any) -> QuerySet[Sponsorship]:
        return queryset.filter(end_month__isnull=value == "berjalan")
