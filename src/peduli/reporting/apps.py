from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ReportingConfig(AppConfig):
    name = "peduli.reporting"
    label = "reporting"
    verbose_name = gettext_lazy("Pelaporan dan Dasbor")

    def ready(self) -> None:
        from peduli.core.changes import snapshots_listen
        from peduli.reporting.coverage.snapshots import snapshots_refresh_enqueue

        snapshots_listen(snapshots_refresh_enqueue)
