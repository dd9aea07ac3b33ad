from django.urls import URLPattern

from peduli.bpjs.member_urls import urlpatterns as member_urlpatterns
from peduli.bpjs.registration_urls import urlpatterns as registration_urlpatterns

app_name = "bpjs"
urlpatterns: list[URLPattern] = [*registration_urlpatterns, *member_urlpatterns]
