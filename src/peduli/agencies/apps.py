from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "peduli.agencies"
    label = "agencies"
    verbose_name = "Perangkat Daerah dan ASN"
