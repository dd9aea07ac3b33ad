from django.urls import include, path

from peduli.ledger import calendar_views, treasury_views, views

app_name = "ledger"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("tagihan/", views.dues_generate, name="dues_generate"),
    path("pembayaran/", views.payment_list, name="payment_list"),
    path("pembayaran/baru/", views.payment_create, name="payment_create"),
    path("pembayaran/<int:pk>/", views.payment_detail, name="payment_detail"),
    path("pembayaran/<int:pk>/batalkan/", views.payment_reverse, name="payment_reverse"),
    path("pembayaran/<int:pk>/kuitansi.pdf", views.payment_receipt, name="payment_receipt"),
    path("kepesertaan/<int:pk>/bayar-di-muka/", views.sponsorship_prepay, name="sponsorship_prepay"),
    path("setoran/", views.remittance_list, name="remittance_list"),
    path("setoran/baru/", views.remittance_create, name="remittance_create"),
    path("setoran/<int:pk>/", views.remittance_detail, name="remittance_detail"),
    path("setoran/<int:pk>/konfirmasi/", views.remittance_confirm, name="remittance_confirm"),
    path("setoran/<int:pk>/batalkan/", views.remittance_cancel, name="remittance_cancel"),
    path("opd/", treasury_views.agency_ledger, name="agency_ledger"),
    path("opd/xlsx/", treasury_views.agency_ledger_export, name="agency_ledger_export"),
    path("tunggakan/", treasury_views.arrears, name="arrears"),
    path("tunggakan/xlsx/", treasury_views.arrears_export, name="arrears_export"),
    path("donatur/<int:pk>/laporan/", treasury_views.statement, name="statement"),
    path("kalender/", calendar_views.calendar_page, name="calendar"),
    path("kalender/libur/<int:pk>/hapus/", calendar_views.day_off_delete, name="day_off_delete"),
    path("", include("peduli.ledger.reconciliation_urls")),
]
