from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class LedgerConfig(AppConfig):
    name = "peduli.ledger"
    label = "ledger"
    verbose_name = gettext_lazy("Buku Iuran")

    def ready(self) -> None:
        # The worker's page shows their dues without the registry importing the ledger (ADR 0013).
        from peduli.ledger.views import worker_page_dues
        from peduli.workers.hooks import worker_page_section

        worker_page_section(worker_page_dues)
