from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("peduli.site.urls")),
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

# A body that grew past PEDULI_UPLOAD_MAX_BYTES while streaming is a 400 to
# Django; this view tells it as 413 with the limit (core.uploads).
handler400 = "peduli.core.uploads.bad_request"
