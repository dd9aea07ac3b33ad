from django.apps import AppConfig


class WorkersConfig(AppConfig):
    name = "peduli.workers"
    label = "workers"
    verbose_name = "Pekerja Rentan"
