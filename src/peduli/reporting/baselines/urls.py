"""The page of informal-worker baselines and coverage targets, under /laporan/dasar/."""

from django.urls import path

from peduli.reporting.baselines import views

urlpatterns = [
    path("dasar/", views.baseline_list, name="baseline_list"),
    path("dasar/angka/", views.baseline_edit, name="baseline_create"),
    path("dasar/angka/<int:pk>/", views.baseline_edit, name="baseline_update"),
    path("dasar/angka/<int:pk>/hapus/", views.baseline_delete, name="baseline_delete"),
    path("dasar/target/", views.target_edit, name="baseline_target_create"),
    path("dasar/target/<int:pk>/", views.target_edit, name="baseline_target_update"),
    path("dasar/target/<int:pk>/hapus/", views.target_delete, name="baseline_target_delete"),
    *views.wizard.urlpatterns("dasar/impor/"),
]
