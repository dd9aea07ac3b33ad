from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top floor: the menu, the home page, the health check, the URL
    tree of the pages and the API — what puts every app together."""

    name = "peduli.site"
    label = "site"
    verbose_name = "Situs"
