"""The civil-servant roster's import wizard (the shared imports.views.ImportWizard)."""

from django.utils.translation import gettext_lazy

from peduli.accounts.scoping import ROSTER_MANAGERS
from peduli.imports.views import ImportWizard

wizard = ImportWizard(
    kind="civil_servants",
    title=gettext_lazy("Impor Data ASN"),
    roles=ROSTER_MANAGERS,
    app="agencies",
    name="roster_import",
    template_filename="templat-data-asn.xlsx",
)
