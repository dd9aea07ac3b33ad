from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "peduli.notifications"
    label = "notifications"
    verbose_name = "Pemberitahuan"
