from django.urls import URLPattern

app_name = "me"
urlpatterns: list[URLPattern] = []
