"""The payment import wizard (the shared imports.views.ImportWizard): only
the labour office, which keeps the ledger, imports payments."""

from django.utils.translation import gettext_lazy

from peduli.imports.views import ImportWizard
from peduli.ledger.services import LEDGER_KEEPERS

wizard = ImportWizard(
    kind="payments",
    title=gettext_lazy("Impor Pembayaran Iuran"),
    roles=LEDGER_KEEPERS,
    app="payment_imports",
    name="import",
    template_filename="templat-pembayaran-iuran.xlsx",
)
