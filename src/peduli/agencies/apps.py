from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AgenciesConfig(AppConfig):
    name = "peduli.agencies"
    label = "agencies"
    verbose_name = gettext_lazy("Perangkat Daerah dan ASN")
