"""The worker registry's import wizard (the shared imports.views.ImportWizard)."""

from django.utils.translation import gettext_lazy

from peduli.imports.views import ImportWizard
from peduli.workers.selectors import WORKER_EDITORS

wizard = ImportWizard(
    kind="workers",
    title=gettext_lazy("Impor Pekerja Rentan"),
    roles=WORKER_EDITORS,
    app="workers",
    name="import",
    template_filename="templat-pekerja-rentan.xlsx",
)
