"""Routes of the registration exchange, included by bpjs.urls under /bpjs/."""

from django.urls import URLPattern, path

from peduli.bpjs import registration_views as views

urlpatterns: list[URLPattern] = [
    path("pendaftaran/", views.batch_list, name="registration_batch_list"),
    path("pendaftaran/baru/", views.batch_create, name="registration_batch_create"),
    path("pendaftaran/<int:pk>/", views.batch_detail, name="registration_batch_detail"),
    path("pendaftaran/<int:pk>/unduh.xlsx", views.batch_download, name="registration_batch_download"),
    path("pendaftaran/perlu-diperbaiki/", views.rejected_list, name="registration_rejected"),
    path("pendaftaran/templat/", views.template_edit, name="registration_template"),
    *views.answer_wizard.urlpatterns("pendaftaran/jawaban/"),
]
