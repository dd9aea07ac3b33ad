from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class WorkersConfig(AppConfig):
    name = "peduli.workers"
    label = "workers"
    verbose_name = gettext_lazy("Pekerja Rentan")
