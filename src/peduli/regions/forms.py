"""The outline upload form. It only reads the file as JSON; the service decides
whether the GeoJSON is acceptable."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peduli.core.errors import ApplicationError
from peduli.core.forms import BootstrapFormMixin
from peduli.regions.boundaries import geojson_read

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class BoundaryUploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Berkas GeoJSON"),
        help_text=_(
            "FeatureCollection dengan Polygon/MultiPolygon, koordinat WGS 84 [bujur, lintang]; "
            "setiap fitur punya properti code = kode wilayah Kemendagri (misal 33.24.01). Paling besar 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json,application/json"}),
    )
    source = forms.CharField(
        label=_("Sumber data"),
        max_length=255,
        help_text=_("Misalnya: BIG, Bappeda Kendal 2024, atau nama dataset dan lisensinya."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Berkas lebih besar dari 20 MB; sederhanakan geometrinya atau pecah per tingkat.")
            )
        try:
            return geojson_read(upload.read())
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from None
