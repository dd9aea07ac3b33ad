"""The menu: grouped under headings, each heading once, for every role."""

import re
from itertools import groupby

import pytest
from django.test import Client

from peduli.accounts.models import Role, User
from peduli.site.navigation import menu_for


@pytest.mark.parametrize("role", Role.values)
def test_each_roles_menu_lists_every_heading_once(role: str) -> None:
    sections = [str(section) for section, _items in groupby(menu_for(role), key=lambda item: item.section)]
    assert len(sections) == len(set(sections)), sections


def test_the_labour_office_menu_is_grouped_under_headings(admin: User) -> None:
    client = Client()
    client.force_login(admin)
    html = client.get("/").content.decode()
    headings = re.findall(r'<li class="nav-section"[^>]*>([^<]+)</li>', html)
    assert headings == ["Data", "Iuran", "BPJS", "Laporan"]
    after_money = html.index('class="nav-section" role="presentation">Iuran<')
    assert html.index(">Tunggakan<", after_money) < html.index('class="nav-section" role="presentation">BPJS<')
