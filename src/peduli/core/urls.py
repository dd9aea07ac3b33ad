from django.urls import path

from peduli.core import views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sehat/", views.health, name="health"),
]
