from django.urls import path

from peduli.site import views

app_name = "site"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sehat/", views.health, name="health"),
]
