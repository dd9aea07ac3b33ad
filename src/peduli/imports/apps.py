from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "peduli.imports"
    label = "imports"
    verbose_name = "Impor Berkas"
