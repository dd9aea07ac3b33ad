from django.urls import URLPattern

app_name = "sponsorships"
urlpatterns: list[URLPattern] = []
