from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class BpjsConfig(AppConfig):
    name = "peduli.bpjs"
    label = "bpjs"
    verbose_name = gettext_lazy("Pertukaran Data BPJS Ketenagakerjaan")
