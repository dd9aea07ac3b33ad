from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PlannerConfig(AppConfig):
    name = "peduli.planner"
    label = "planner"
    verbose_name = gettext_lazy("Perencana Skenario")
