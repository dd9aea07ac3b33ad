from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "peduli.core"
    label = "core"
    verbose_name = "Inti"
