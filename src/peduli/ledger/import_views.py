"""The payment import wizard (the shared imports.views.ImportWizard): only
the labour office, which keeps the ledger, imports payments."""

from django.utils.translation import gettext_lazy

from peduli.accounts.roles import Capability
from peduli.imports.views import ImportWizard

wizard = ImportWizard(
    kind="payments",
    title=gettext_lazy("Impor Pembayaran Iuran"),
    capability=Capability.KEEP_LEDGER,
    app="payment_imports",
    name="import",
    template_filename="templat-pembayaran-iuran.xlsx",
)
