from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """A read or export of personal data (UU 27/2022 on personal data protection).

    Changes are recorded by django-simple-history on each model; this log holds
    what history cannot see: who looked at or took away whose data.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("melihat")
        EXPORT = "export", _("mengekspor")
        API_READ = "api_read", _("membaca lewat API")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("pengguna")
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    action = models.CharField(_("tindakan"), max_length=16, choices=Action.choices)
    subject = models.CharField(_("jenis data"), max_length=64)
    object_id = models.CharField(_("ID data"), max_length=64, blank=True)
    row_count = models.PositiveIntegerField(_("jumlah baris"), default=1)
    detail = models.CharField(_("keterangan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("log akses data pribadi")
        verbose_name_plural = _("log akses data pribadi")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.subject} {self.object_id}"


class SnapshotChange(models.Model):
    """A change to the data under a regency's figures, from `since` on (all
    months when empty): the change feed (`core.changes`). Appended by the
    services that wrote the rows, consumed by the snapshot refresh: an insert
    never waits for another, so marking costs payments nothing."""

    regency = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    since = models.DateField(null=True, blank=True)

    class Meta:
        # Moved from reporting, where the table was made.
        db_table = "reporting_snapshotchange"

    def __str__(self) -> str:
        return f"{self.regency_id} sejak {self.since or 'awal'}"


class Heartbeat(models.Model):
    """When a long-running process last said it was alive (the task worker,
    the scheduler): what `/sehat/` reads to tell a load balancer that work
    has stopped while the web still answers."""

    name = models.CharField(_("proses"), max_length=32, primary_key=True)
    beat_at = models.DateTimeField(_("terakhir hidup"))

    class Meta:
        verbose_name = _("detak proses")
        verbose_name_plural = _("detak proses")

    def __str__(self) -> str:
        return f"{self.name} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"
