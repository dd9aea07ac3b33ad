"""The worker registry's import wizard (the shared imports.views.ImportWizard)."""

from django.utils.translation import gettext_lazy

from peduli.imports.views import ImportWizard
from peduli.workers.selectors import WORKER_EDITORS

wizard = ImportWizard(
    kind="workers",
    title=gettext_lazy("Impor Pekerja Rentan"),
    roles=WORKER_EDITORS,
    urls={
        "list": "workers:import_list",
        "template": "workers:import_template",
        "detail": "workers:import_detail",
        "confirm": "workers:import_confirm",
        "remap": "workers:import_remap",
        "resume": "workers:import_resume",
        "rejected": "workers:import_rejected",
    },
    template_filename="templat-pekerja-rentan.xlsx",
)
