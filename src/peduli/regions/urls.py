from django.urls import path

from peduli.regions import views

app_name = "regions"
urlpatterns = [
    path("wilayah/", views.region_list, name="region_list"),
    path("wilayah/batas/", views.boundary_upload, name="boundary_upload"),
    path("wilayah/desa/", views.village_search, name="village_search"),
]
