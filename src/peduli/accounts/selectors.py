from django.db.models import QuerySet

from peduli.accounts.models import Role, User


def csr_partner_accounts() -> QuerySet[User]:
    """The active CSR-partner accounts a sponsor may be linked to (offered only
    on the labour office's sponsor form and API)."""
    return User.objects.filter(role=Role.CSR_PARTNER, is_active=True)
