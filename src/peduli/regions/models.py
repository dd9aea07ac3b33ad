from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A node of the Kemendagri region tree, keyed by its dotted code.

    33 (province) → 33.24 (regency) → 33.24.01 (district) → 33.24.01.2001
    (village). The code is the key every other table uses, so a national
    instance can shard by its first five characters.
    """

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("provinsi")
        REGENCY = 2, _("kabupaten/kota")
        DISTRICT = 3, _("kecamatan")
        VILLAGE = 4, _("desa/kelurahan")

    code = models.CharField(_("kode Kemendagri"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=120, db_index=True)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("induk")
    )

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name with its kind, as letters and reports write it."""
        written = {
            self.Level.DISTRICT: gettext("Kec. %(name)s"),
            self.Level.VILLAGE: gettext("Desa/Kel. %(name)s"),
        }.get(self.Level(self.level), "%(name)s")
        return written % {"name": self.name}


class Boundary(models.Model):
    """A region's outline as a GeoJSON geometry (Polygon or MultiPolygon, WGS 84
    longitude/latitude), loaded by an operator from a file; maps draw it.

    Plain JSON rather than a spatial column: the maps only draw shapes, and the
    embedded SQLite default has no spatial extension."""

    region = models.OneToOneField(
        Region, primary_key=True, on_delete=models.CASCADE, related_name="boundary", verbose_name=_("wilayah")
    )
    geometry = models.JSONField(_("geometri GeoJSON"))
    source = models.CharField(_("sumber"), max_length=255)
    loaded_at = models.DateTimeField(_("dimuat"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dimuat oleh"),
    )

    class Meta:
        verbose_name = _("batas wilayah")
        verbose_name_plural = _("batas wilayah")
        ordering = ["region"]

    def __str__(self) -> str:
        return str(self.region)
