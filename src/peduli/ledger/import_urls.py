"""The payment import wizard's pages, mounted at /iuran/impor/."""

from peduli.ledger.import_views import wizard

app_name = "payment_imports"
urlpatterns = wizard.urlpatterns("")
