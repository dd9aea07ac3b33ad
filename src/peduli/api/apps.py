from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "peduli.api"
    label = "api"
    verbose_name = "API"
