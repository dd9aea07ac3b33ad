from django.urls import path

from peduli.reporting.dashboards import views as dashboard_views

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("kecamatan/<str:code>/", dashboard_views.district_dashboard, name="dashboard_district"),
    path("opd/<str:code>/", dashboard_views.agency_dashboard, name="dashboard_agency"),
]
