"""Forms of the registration pages: a new batch, and the template editor
(one row per column of the file)."""

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from peduli.bpjs.registration_fields import FIELDS
from peduli.core.forms import BootstrapFormMixin

EXTRA_COLUMNS = 3


class BatchCreateForm(BootstrapFormMixin, forms.Form):
    limit = forms.IntegerField(
        label=_("Jumlah pekerja paling banyak"),
        min_value=1,
        required=False,
        help_text=_("Kosongkan untuk mengirim semua pekerja yang memenuhi syarat."),
    )


class TemplateForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Nama templat"), max_length=150)
    note = forms.CharField(
        label=_("Catatan perubahan"), max_length=255, required=False,
        help_text=_("Misalnya: format baru dari Kantor Cabang Kendal, Juli 2025."),
    )  # fmt: skip


class TemplateColumnForm(BootstrapFormMixin, forms.Form):
    # Not required here: the service names an empty header or an unknown
    # field itself, the same way for the page, the API and the command.
    header = forms.CharField(label=_("Judul kolom"), max_length=200, required=False)
    field = forms.ChoiceField(label=_("Isian"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["field"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *((key, f.label) for key, f in FIELDS.items())]


class BaseTemplateColumnFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        # The order and delete fields come after the form's own, so they get
        # their Bootstrap classes here.
        super().add_fields(form, index)
        form.fields["ORDER"].widget.attrs.update({"class": "form-control", "min": "1"})
        form.fields["DELETE"].widget.attrs.update({"class": "form-check-input"})


TemplateColumnFormSet = formset_factory(
    TemplateColumnForm, formset=BaseTemplateColumnFormSet, extra=EXTRA_COLUMNS, can_order=True, can_delete=True
)


def template_columns_from(formset: Any) -> list[dict[str, str]]:
    """The columns a valid formset describes, in the chosen order; rows left
    empty or marked for deletion are dropped."""
    return [
        {"header": form.cleaned_data.get("header", ""), "field": form.cleaned_data.get("field", "")}
        for form in formset.ordered_forms
        if form.cleaned_data.get("header") or form.cleaned_data.get("field")
    ]
