from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class UsersConfig(AppConfig):
    """Managing people's accounts: who gets one, with which role and place
    (an agency, a district office, a civil servant of the roster). Above the
    roster it ties accounts to; `accounts` below holds the user, the roles
    and the scoping every app asks."""

    name = "peduli.users"
    label = "users"
    verbose_name = gettext_lazy("Pengguna")

    def ready(self) -> None:
        from peduli.imports.signals import imported
        from peduli.users.onboarding import accounts_open_after_import

        imported.connect(accounts_open_after_import, dispatch_uid="users-roster-accounts")
