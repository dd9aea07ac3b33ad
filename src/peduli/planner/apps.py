from django.apps import AppConfig


class PlannerConfig(AppConfig):
    name = "peduli.planner"
    label = "planner"
    verbose_name = "Perencana Skenario"
