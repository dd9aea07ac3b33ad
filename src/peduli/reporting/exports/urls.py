from django.urls import path, re_path

from peduli.reporting.exports import views as export_views

urlpatterns = [
    path("rekap/", export_views.recap, name="recap"),
    re_path(r"^rekap/unduh\.(?P<fmt>pdf|xlsx)$", export_views.recap_download, name="recap_download"),
    path("data-terbuka/", export_views.open_data, name="open_data"),
    re_path(
        r"^data-terbuka/(?P<slug>[-a-z]+)\.(?P<fmt>csv|json)$",
        export_views.open_data_download,
        name="open_data_download",
    ),
]
