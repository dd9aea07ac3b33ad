from django.urls import path

from peduli.planner import views

app_name = "planner"
urlpatterns = [
    path("", views.scenario_list, name="scenario_list"),
    path("baru/", views.scenario_create, name="scenario_create"),
    path("bandingkan/", views.compare, name="compare"),
    path("bandingkan/xlsx/", views.compare_export, {"kind": "xlsx"}, name="compare_xlsx"),
    path("bandingkan/pdf/", views.compare_export, {"kind": "pdf"}, name="compare_pdf"),
    path("<int:pk>/", views.scenario_detail, name="scenario_detail"),
    path("<int:pk>/ubah/", views.scenario_update, name="scenario_update"),
    path("<int:pk>/hapus/", views.scenario_delete, name="scenario_delete"),
    path("<int:pk>/xlsx/", views.scenario_export, {"kind": "xlsx"}, name="scenario_xlsx"),
    path("<int:pk>/pdf/", views.scenario_export, {"kind": "pdf"}, name="scenario_pdf"),
]
