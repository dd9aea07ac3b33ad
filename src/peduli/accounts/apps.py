from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AccountsConfig(AppConfig):
    name = "peduli.accounts"
    label = "accounts"
    verbose_name = gettext_lazy("Akun")

    def ready(self) -> None:
        from peduli.accounts import (
            lockout,  # noqa: F401 — records each lock (its signal receiver)
            sessions,  # noqa: F401 — records each browser signed in (its receivers)
        )
