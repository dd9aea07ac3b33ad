from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("peduli.site.urls")),
    # The language switch (core/partials/language_switch.html): POST, sets the cookie.
    path("bahasa/", set_language, name="set_language"),
    path("akun/", include("peduli.accounts.urls")),
    path("akun/", include("peduli.users.urls")),
    path("", include("peduli.agencies.urls")),
    path("", include("peduli.regions.urls")),
    path("pekerja/", include("peduli.workers.urls")),
    path("donatur/", include("peduli.sponsorships.urls")),
    path("iuran/impor/", include("peduli.ledger.import_urls")),
    path("iuran/", include("peduli.ledger.urls")),
    path("saya/", include("peduli.sponsorships.me_urls")),
    path("laporan/", include("peduli.reporting.urls")),
    path("perencana/", include("peduli.planner.urls")),
    path("bpjs/", include("peduli.bpjs.urls")),
    path("pemberitahuan/", include("peduli.notifications.urls")),
    path("api/", include("peduli.site.api_urls")),
    path("django-admin/", admin.site.urls),
]

# The error pages, in Indonesian in the site's layout (JSON under /api/).
# A body that grew past PEDULI_UPLOAD_MAX_BYTES while streaming is a 400 to
# Django; the 400 view tells it as 413 with the limit (core.uploads).
handler400 = "peduli.site.errors.bad_request"
handler403 = "peduli.site.errors.permission_denied"
handler404 = "peduli.site.errors.page_not_found"
handler500 = "peduli.site.errors.server_error"
