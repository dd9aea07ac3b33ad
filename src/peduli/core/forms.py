"""Form rendering in Bootstrap 5 markup for every form of the project, and
the date field every form uses."""

from datetime import date
from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from peduli.core.control_characters import CONTROL_CHARACTERS_MESSAGE, has_control_characters
from peduli.core.dates import validate_programme_date
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.core.parsing import parse_date_cell


class BootstrapFormRenderer(DjangoTemplates):
    """Renders `{{ form }}` and `{{ field.as_field_group }}` with Bootstrap classes
    and inline error messages (templates under core/templates/core/forms/)."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class BootstrapFormMixin(forms.BaseForm):
    """Gives every widget its Bootstrap class, and `is-invalid` when the bound
    field has errors, so the inline message shows under the input. Every
    form of the project is one, so text with a control character is refused
    beside its field on every page (`core.control_characters`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            input_type = getattr(widget, "input_type", None)
            if input_type in ("checkbox", "radio"):
                css = "form-check-input"
            elif input_type == "select" or widget.__class__.__name__.endswith("Select"):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound:
            for name, value in list(getattr(self, "cleaned_data", {}).items()):
                if isinstance(value, str) and has_control_characters(value):
                    self.add_error(name if name in self.fields else None, CONTROL_CHARACTERS_MESSAGE)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


class SearchInput(forms.TextInput):
    """A text input that suggests, as the user types, what the server finds
    at `url` (htmx fills the <datalist> beside it with the <option>s that
    URL answers for the input's own name and value): for pickers too large to
    send whole, such as the villages of a regency or a nation. Without
    JavaScript it is a plain text input; the form reads what was typed."""

    template_name = "core/forms/search_input.html"

    def __init__(self, *, url: StrOrPromise, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.url = url

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        options = f"{widget['attrs'].get('id') or name}-options"
        widget["options_id"] = options
        widget["attrs"].update(
            {
                "list": options,
                "autocomplete": "off",
                "hx-get": str(self.url),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{options}",
                # Not what an enclosing form (a list's filters) would pass down.
                "hx-swap": "innerHTML",
                "hx-push-url": "false",
                "hx-sync": "this:replace",
            }
        )
        return context


# What a SearchInput's URL answers with: `labels` as the <option>s of its datalist.
SUGGESTIONS_TEMPLATE = "core/forms/search_options.html"


def searched_text(request: HttpRequest) -> str:
    """What a SearchInput sent: the value of its one parameter, whatever the field's name."""
    return next((str(value) for value in request.GET.values()), "")


class FilterForm(BootstrapFormMixin, forms.Form):
    """The form class of every FilterSet (list-page filters)."""


def show_error(form: forms.Form, error: ApplicationError, *, fields: dict[str, str] | None = None) -> None:
    """Put a service's refusal beside the field it is about (or on top);
    `fields` maps a service's field name to the form's where they differ."""
    field = (fields or {}).get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


class DateField(forms.DateField):
    """A date typed as people write it (17/08/2025), or in any other of the
    formats an import takes (`core.parsing.DATE_FORMATS`), within the dates
    Peduli takes. A text input the server fills as dd/mm/yyyy: a browser's
    own date picker follows the browser's language (mm/dd/yyyy in an
    English one)."""

    widget = forms.DateInput(
        attrs={
            "placeholder": gettext_lazy("hh/bb/tttt"),
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "date-input",
        },
        format="%d/%m/%Y",
    )
    default_validators = [validate_programme_date]

    def to_python(self, value: Any) -> date | None:
        if not isinstance(value, str):
            return super().to_python(value)
        try:
            return parse_date_cell(value, field="date", label=_("Tanggal"))
        except ApplicationError as error:
            raise forms.ValidationError(error.message, code="invalid") from error


class MonthSelect(forms.Select):
    """A month picked by name in the page's language ("Desember 2026",
    "December 2026"), newest first, whatever the browser's own language;
    the value sent is YYYY-MM."""

    def __init__(self, attrs: dict[str, Any] | None = None, *, back: int = 60, ahead: int = 24) -> None:
        super().__init__(attrs)
        self.back, self.ahead = back, ahead

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        newest = YearMonth.current() + self.ahead
        months = [newest - n for n in range(self.back + self.ahead + 1)]
        self.choices = [("", "—")] + [(str(month), month.label) for month in months]
        return super().get_context(name, str(value) if isinstance(value, YearMonth) else value, attrs)
