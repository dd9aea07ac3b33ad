from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "peduli.accounts"
    label = "accounts"
    verbose_name = "Akun"

    def ready(self) -> None:
        from peduli.accounts import (
            lockout,  # noqa: F401 — records each lock (its signal receiver)
            sessions,  # noqa: F401 — records each browser signed in (its receivers)
        )
