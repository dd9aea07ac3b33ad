from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SiteConfig(AppConfig):
    """The top floor: the menu, the home page, the health check, the URL
    tree of the pages and the API — what puts every app together."""

    name = "peduli.site"
    label = "site"
    verbose_name = gettext_lazy("Situs")
