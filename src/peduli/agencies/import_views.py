"""The civil-servant roster's import wizard (the shared imports.views.ImportWizard)."""

from django.utils.translation import gettext_lazy

from peduli.accounts.roles import Capability
from peduli.imports.views import ImportWizard

wizard = ImportWizard(
    kind="civil_servants",
    title=gettext_lazy("Impor Data ASN"),
    capability=Capability.MANAGE_ROSTER,
    app="agencies",
    name="roster_import",
    template_filename="templat-data-asn.xlsx",
)
