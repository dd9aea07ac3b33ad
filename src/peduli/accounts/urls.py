from django.contrib.auth import views as auth_views
from django.urls import path

from peduli.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("kata-sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("lupa-sandi/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "lupa-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path("sandi-baru/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("2fa/", views.second_factor, name="second_factor"),
    path("2fa/pasang/", views.second_factor_setup, name="second_factor_setup"),
    path("token/", views.api_tokens, name="api_tokens"),
    path("token/<str:token_key>/cabut/", views.api_token_revoke_view, name="api_token_revoke"),
]
