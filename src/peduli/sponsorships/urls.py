from django.urls import path

from peduli.sponsorships import views

app_name = "sponsorships"
urlpatterns = [
    path("", views.sponsor_list, name="sponsor_list"),
    path("baru/", views.sponsor_create, name="sponsor_create"),
    path("<int:pk>/", views.sponsor_detail, name="sponsor_detail"),
    path("<int:pk>/ubah/", views.sponsor_update, name="sponsor_update"),
    path("kepesertaan/", views.sponsorship_list, name="sponsorship_list"),
    path("kepesertaan/baru/", views.sponsorship_create, name="sponsorship_create"),
    path("kepesertaan/iuran/", views.premium, name="premium"),
    path("kepesertaan/cari-pekerja/", views.worker_search, name="worker_search"),
    path("kepesertaan/<int:pk>/", views.sponsorship_detail, name="sponsorship_detail"),
    path("kepesertaan/<int:pk>/akhiri/", views.sponsorship_end, name="sponsorship_end"),
    path("kepesertaan/<int:pk>/batalkan-akhir/", views.sponsorship_end_undo, name="sponsorship_end_undo"),
]
