"""The worker registry's import wizard (the shared imports.views.ImportWizard)."""

from django.utils.translation import gettext_lazy

from peduli.accounts.roles import Capability
from peduli.imports.views import ImportWizard

wizard = ImportWizard(
    kind="workers",
    title=gettext_lazy("Impor Pekerja Rentan"),
    capability=Capability.EDIT_WORKERS,
    app="workers",
    name="import",
    template_filename="templat-pekerja-rentan.xlsx",
)
