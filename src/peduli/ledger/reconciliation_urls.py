"""The reconciliation pages, inside the ledger's namespace (included by ledger/urls.py)."""

from django.urls import path

from peduli.ledger import reconciliation_views as views

urlpatterns = [
    path("setoran/<int:pk>/rekonsiliasi/", views.reconciliation_report, name="reconciliation"),
    path("setoran/<int:pk>/rekonsiliasi/xlsx/", views.reconciliation_export, name="reconciliation_export"),
    path("setoran/<int:pk>/rekonsiliasi/daftar-bpjs/", views.reconciliation_template, name="reconciliation_template"),
    path("rekonsiliasi/selisih/<int:pk>/selesaikan/", views.difference_resolve, name="reconciliation_resolve"),
]
