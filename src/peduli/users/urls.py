from django.urls import path

from peduli.users import views

app_name = "users"
urlpatterns = [
    path("aktivasi/", views.activate, name="activate"),
]
