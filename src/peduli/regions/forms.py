"""The outline upload form. It only reads the file as JSON; the service decides
whether the GeoJSON is acceptable."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from peduli.core.errors import ApplicationError
from peduli.core.formatting import byte_size
from peduli.core.forms import BootstrapFormMixin
from peduli.regions.boundaries import geojson_read


class BoundaryUploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Berkas GeoJSON"),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json,application/json"}),
        # Each message names its field: a bare "Bidang ini harus diisi." left uploaders guessing.
        error_messages={
            "required": _("Pilih berkas GeoJSON yang akan dimuat."),
            "empty": _("Berkas GeoJSON yang dipilih kosong."),
        },
    )
    source = forms.CharField(
        label=_("Sumber data"),
        max_length=255,
        help_text=_("Misalnya: BIG, Bappeda Kendal 2024, atau nama dataset dan lisensinya."),
        error_messages={
            "required": _("Sumber data harus diisi: dari mana batas wilayah ini (nama dataset dan lisensinya).")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "FeatureCollection dengan Polygon/MultiPolygon, koordinat WGS 84 [bujur, lintang]; "
            "setiap fitur punya properti code = kode wilayah Kemendagri (misal 33.24.01). Paling besar %(limit)s."
        ) % {"limit": byte_size(settings.PEDULI_UPLOAD_MAX_BYTES)}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.PEDULI_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                gettext("Berkas lebih besar dari batas %(limit)s; sederhanakan geometrinya atau pecah per tingkat.")
                % {"limit": byte_size(limit)}
            )
        try:
            return geojson_read(upload.read())
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from None
