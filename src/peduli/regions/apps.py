from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "peduli.regions"
    label = "regions"
    verbose_name = "Wilayah"
