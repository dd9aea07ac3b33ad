from django.apps import AppConfig


class BpjsConfig(AppConfig):
    name = "peduli.bpjs"
    label = "bpjs"
    verbose_name = "Pertukaran Data BPJS Ketenagakerjaan"
