"""Search and filters of the accounts list (pages and API alike)."""

from typing import Any

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from peduli.accounts.models import Role, User
from peduli.agencies.models import Agency
from peduli.core.forms import FilterForm
from peduli.core.identity import normalize_nip
from peduli.users.selectors import locked_usernames

STATES = [
    ("aktif", _("Aktif")), ("nonaktif", _("Nonaktif")), ("belum-masuk", _("Belum pernah masuk")),
    ("terkunci", _("Terkunci")),
]  # fmt: skip


def _agencies(request: Any) -> QuerySet[Agency]:
    return Agency.objects.order_by("name")


class UserFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Cari nama, NIP atau nama pengguna"), method="search")
    role = filters.ChoiceFilter(label=_("Peran"), choices=Role.choices, empty_label=_("Semua peran"))
    agency = filters.ModelChoiceFilter(
        label=_("OPD"), queryset=_agencies, method="by_agency", empty_label=_("Semua OPD")
    )
    state = filters.ChoiceFilter(label=_("Keadaan"), choices=STATES, method="by_state", empty_label=_("Semua"))
    urut = filters.OrderingFilter(
        label=_("Urutkan"), fields=(("username", "username"), ("first_name", "name"), ("last_login", "last_login"))
    )

    class Meta:
        model = User
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        text = value.strip()
        digits = normalize_nip(text)
        if digits.isdigit():
            return queryset.filter(username__startswith=digits)
        return queryset.filter(
            Q(username__icontains=text) | Q(first_name__icontains=text) | Q(last_name__icontains=text)
        )

    def by_agency(self, queryset: QuerySet[User], name: str, value: Agency) -> QuerySet[User]:
        return queryset.filter(Q(agency=value) | Q(civil_servant__agency=value))

    def by_state(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        if value == "aktif":
            return queryset.filter(is_active=True)
        if value == "nonaktif":
            return queryset.filter(is_active=False)
        if value == "belum-masuk":
            return queryset.filter(last_login__isnull=True)
        return queryset.filter(username__in=locked_usernames())
