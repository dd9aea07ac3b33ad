from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("peduli.site.urls")),
    path("akun/", include("peduli.accounts.urls")),
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
