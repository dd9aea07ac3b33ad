from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "peduli.reporting"
    label = "reporting"
    verbose_name = "Pelaporan dan Dasbor"
