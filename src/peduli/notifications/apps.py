from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class NotificationsConfig(AppConfig):
    name = "peduli.notifications"
    label = "notifications"
    verbose_name = gettext_lazy("Pemberitahuan")
