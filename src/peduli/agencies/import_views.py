"""The civil-servant roster's import wizard (the shared imports.views.ImportWizard)."""

from django.utils.translation import gettext_lazy

from peduli.accounts.scoping import ROSTER_MANAGERS
from peduli.imports.views import ImportWizard

wizard = ImportWizard(
    kind="civil_servants",
    title=gettext_lazy("Impor Data ASN"),
    roles=ROSTER_MANAGERS,
    urls={
        "list": "agencies:roster_import_list",
        "template": "agencies:roster_template",
        "detail": "agencies:roster_import_detail",
        "confirm": "agencies:roster_import_commit",
        "remap": "agencies:roster_import_remap",
        "resume": "agencies:roster_import_resume",
        "rejected": "agencies:roster_import_rejected",
    },
    template_filename="templat-data-asn.xlsx",
)
