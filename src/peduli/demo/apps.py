from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "peduli.demo"
    label = "demo"
    verbose_name = "Data demo"
