"""One way of writing numbers, money and percentages (core.formatting), the
same in Python and through the template filters, whatever the language."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from peduli.core.formatting import number, percent, rupiah, rupiah_short


def test_numbers_money_and_percentages_are_written_the_indonesian_way() -> None:
    assert [number(16_800), number(1_234_567), number(0), number(-5_000)] == ["16.800", "1.234.567", "0", "-5.000"]
    assert [number(Decimal("51.64"), 2), number(4.1, 2), number(Decimal("1234.5"), 2)] == ["51,64", "4,10", "1.234,50"]
    assert [number(Decimal("2.345"), 2), number(Decimal("-0.001"), 2)] == ["2,35", "0,00"]
    assert [rupiah(16_800), rupiah(-5_000), rupiah(0)] == ["Rp 16.800", "-Rp 5.000", "Rp 0"]
    assert [percent(Decimal("51.64")), percent(7.07), percent(Decimal("9.425"), 1)] == ["51,64%", "7,07%", "9,4%"]
    assert [rupiah_short(1_500_000_000), rupiah_short(15_000_000), rupiah_short(500_000)] == [
        "Rp 1,5 M", "Rp 15 jt", "Rp 500.000",
    ]  # fmt: skip


def test_an_unknown_value_is_a_dash() -> None:
    assert [number(None), rupiah(None), percent(None), number("")] == ["–", "–", "–", "–"]


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_template_filters_write_the_same(language: str) -> None:
    template = Template("{% load peduli %}{{ n|number }} {{ share|number:2 }} {{ amount|rupiah }} {{ pct|percent }}")
    with translation.override(language):
        text = template.render(Context({"n": 10_292, "share": Decimal("3.6"), "amount": 16_800, "pct": 51.64}))
    assert text == "10.292 3,60 Rp 16.800 51,64%"


def test_a_rows_cells_write_an_empty_cell_as_a_dash_not_none() -> None:
    template = Template("{% load peduli %}{{ row|slice:':2'|cells }}")
    assert template.render(Context({"row": ["3324071508850008", None, "x"]})) == "3324071508850008 · –"
    assert template.render(Context({"row": ["", "Siti"]})) == "– · Siti"
