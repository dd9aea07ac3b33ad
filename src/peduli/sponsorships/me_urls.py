from django.urls import path

from peduli.sponsorships import me_views

app_name = "me"
urlpatterns = [
    path("", me_views.home, name="home"),
    path("sponsori/", me_views.suggestions, name="suggestions"),
    path("sponsori/<int:pk>/", me_views.sponsor_confirm, name="sponsor_confirm"),
    path("kuitansi/<int:pk>/", me_views.receipt, name="receipt"),
    path("piagam/", me_views.piagam, name="piagam"),
]
