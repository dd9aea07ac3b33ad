from django.urls import path

from peduli.agencies import import_views, views

app_name = "agencies"
urlpatterns = [
    *import_views.wizard.urlpatterns("asn/impor/"),
    path("opd/", views.agency_list, name="agency_list"),
    path("opd/baru/", views.agency_create, name="agency_create"),
    path("opd/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("opd/<int:pk>/ubah/", views.agency_update, name="agency_update"),
    path("opd/<int:pk>/ganti-nama/", views.agency_rename, name="agency_rename"),
    path("opd/<int:pk>/riwayat/", views.agency_history, name="agency_history"),
    path("asn/", views.civil_servant_list, name="civil_servant_list"),
    path("asn/ekspor.xlsx", views.civil_servant_export, name="civil_servant_export"),
    path("asn/baru/", views.civil_servant_create, name="civil_servant_create"),
    path("asn/<int:pk>/", views.civil_servant_detail, name="civil_servant_detail"),
    path("asn/<int:pk>/ubah/", views.civil_servant_update, name="civil_servant_update"),
    path("asn/<int:pk>/berhenti/", views.civil_servant_end, name="civil_servant_end"),
    path("asn/<int:pk>/riwayat/", views.civil_servant_history, name="civil_servant_history"),
]
