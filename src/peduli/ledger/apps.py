from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "peduli.ledger"
    label = "ledger"
    verbose_name = "Buku Iuran"
