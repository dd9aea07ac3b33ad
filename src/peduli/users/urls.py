from django.urls import path

from peduli.users import views

app_name = "users"
urlpatterns = [
    path("aktivasi/", views.activate, name="activate"),
    path("asn/", views.civil_servant_accounts, name="civil_servant_accounts"),
    path("asn/slip.<str:fmt>", views.activation_slips, name="activation_slips"),
    path("profil/", views.profile, name="profile"),
    path("profil/verifikasi/<str:token>/", views.email_verify_view, name="email_verify"),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_create_view, name="user_create"),
    path("pengguna/<int:pk>/", views.user_detail, name="user_detail"),
    path("pengguna/<int:pk>/slip.pdf", views.user_slip, name="user_slip"),
]
