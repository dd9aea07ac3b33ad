"""Dates and months are shown and picked the Indonesian way whatever the
browser's language (issue 15 point 7): a date as dd/mm/yyyy in a text
input the server fills, a month from Indonesian names."""

from datetime import date

from django import forms
from django.template import Context, Template

from peduli.core.forms import BootstrapFormMixin, DateField, MonthSelect
from peduli.core.months import YearMonth


class _Form(BootstrapFormMixin, forms.Form):
    day = DateField(label="Tanggal")
    month = forms.CharField(label="Bulan", widget=MonthSelect)


def test_a_date_is_written_and_read_as_dd_mm_yyyy() -> None:
    html = str(_Form(initial={"day": date(2025, 8, 17)})["day"])
    assert 'value="17/08/2025"' in html and 'type="date"' not in html and 'placeholder="hh/bb/tttt"' in html
    form = _Form({"day": "17/08/2025", "month": "2025-08"})
    assert form.is_valid() and form.cleaned_data["day"] == date(2025, 8, 17)


def test_a_month_is_picked_by_its_indonesian_name() -> None:
    chosen = YearMonth.current() - 3
    html = str(_Form(initial={"month": chosen})["month"])
    assert f'<option value="{chosen}" selected>{chosen.label}</option>' in html
    assert html.index(str(YearMonth.current())) < html.index(str(chosen))  # newest first


def test_the_month_select_tag_keeps_its_bounds_and_the_chosen_month() -> None:
    rendered = Template('{% load peduli %}{% month_select "bulan" month first last %}').render(
        Context({"month": YearMonth(2025, 6), "first": YearMonth(2025, 1), "last": YearMonth(2025, 12)})
    )
    assert rendered.count("<option") == 12 and '<option value="2025-06" selected>Juni 2025</option>' in rendered
    assert "Desember 2025" in rendered and "Januari 2026" not in rendered
