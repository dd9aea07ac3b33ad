from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "peduli.accounts"
    label = "accounts"
    verbose_name = "Akun"
