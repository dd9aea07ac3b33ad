from django.urls import path

from peduli.workers import import_views, views

app_name = "workers"
urlpatterns = [
    *import_views.wizard.urlpatterns("impor/"),
    path("", views.worker_list, name="worker_list"),
    path("baru/", views.worker_create, name="worker_create"),
    path("cek-nik/", views.nik_check, name="nik_check"),
    path("desa/", views.village_search, name="village_search"),
    path("verifikasi/", views.verification_queue, name="verification_queue"),
    path("duplikat/", views.duplicate_list, name="duplicate_list"),
    path("duplikat/<int:pk>/gabung/", views.duplicate_merge, name="duplicate_merge"),
    path("duplikat/<int:pk>/bukan/", views.duplicate_dismiss, name="duplicate_dismiss"),
    path("<int:pk>/", views.worker_detail, name="worker_detail"),
    path("<int:pk>/ubah/", views.worker_update, name="worker_update"),
    path("<int:pk>/riwayat/", views.worker_history, name="worker_history"),
    path("<int:pk>/verifikasi/", views.worker_verify, name="worker_verify"),
    path("<int:pk>/kembalikan/", views.worker_return, name="worker_return"),
    path("<int:pk>/terlindungi/", views.worker_protect, name="worker_protect"),
    path("<int:pk>/akhiri/", views.worker_end, name="worker_end"),
    path("<int:pk>/batalkan-akhir/", views.worker_end_undo, name="worker_end_undo"),
]
