"""Search, filters and sorting of the worker registry, shared by the pages and
the API so both answer the same question the same way."""

from typing import Any

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peduli.core.forms import FilterForm
from peduli.core.parsing import region_code_from_cell
from peduli.regions.models import Region
from peduli.regions.selectors import instance_regions
from peduli.workers.models import ELDERLY_AGE, Occupation, Worker, years_before
from peduli.workers.selectors import workers_reaching_age_limit

PRIORITY_CHOICES = [
    ("dtks", _("Terdaftar DTKS/DTSEN")),
    ("disabilitas", _("Penyandang disabilitas")),
    ("pekka", _("Perempuan kepala keluarga")),
    ("lansia", _("Lansia (60 tahun ke atas)")),
    ("umur65", _("Umur ≥ 65 belum diakhiri")),
]


def _districts(request: Any) -> QuerySet[Region]:
    return instance_regions(Region.Level.DISTRICT)


class WorkerFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Cari NIK atau nama"), method="search")
    district = filters.ModelChoiceFilter(label=_("Kecamatan"), queryset=_districts, empty_label=_("Semua kecamatan"))
    village = filters.CharFilter(label=_("Desa/kelurahan"), method="by_village")
    status = filters.ChoiceFilter(label=_("Status"), choices=Worker.Status.choices, empty_label=_("Semua status"))
    occupation = filters.ModelChoiceFilter(
        label=_("Pekerjaan"), queryset=Occupation.objects.all(), empty_label=_("Semua pekerjaan")
    )
    prioritas = filters.ChoiceFilter(
        label=_("Prioritas"), choices=PRIORITY_CHOICES, method="by_priority", empty_label=_("Semua")
    )
    urut = filters.OrderingFilter(
        label=_("Urutkan"),
        fields=(
            ("name", "name"),
            ("nik", "nik"),
            ("birth_date", "birth_date"),
            ("village__name", "village"),
            ("status", "status"),
            ("registered_at", "registered_at"),
        ),
    )

    class Meta:
        model = Worker
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset: QuerySet[Worker], name: str, value: str) -> QuerySet[Worker]:
        text = value.strip()
        digits = "".join(ch for ch in text if ch.isdigit())
        if digits and len(digits) == len(text.replace(" ", "").replace(".", "")):
            return queryset.filter(nik__startswith=digits)
        return queryset.filter(name__icontains=text)

    def by_village(self, queryset: QuerySet[Worker], name: str, value: str) -> QuerySet[Worker]:
        """A village's name (part of it), or a region code ("33.24.09.2001" or
        "3324092001"): workers of that village, or of every village under a
        district's code; an unknown code finds no one."""
        text = value.strip()
        if text[:1].isdigit():
            code = region_code_from_cell(text)
            return queryset.filter(Q(village__code=code) | Q(village__code__startswith=f"{code}."))
        return queryset.filter(village__name__icontains=text)

    def by_priority(self, queryset: QuerySet[Worker], name: str, value: str) -> QuerySet[Worker]:
        today = timezone.localdate()
        if value == "dtks":
            return queryset.filter(in_social_register=True)
        if value == "disabilitas":
            return queryset.filter(has_disability=True)
        if value == "pekka":
            return queryset.filter(woman_head_of_household=True)
        if value == "lansia":
            return queryset.filter(birth_date__lte=years_before(today, ELDERLY_AGE))
        if value == "umur65":
            return workers_reaching_age_limit(queryset, on=today)
        return queryset.filter(Q())
