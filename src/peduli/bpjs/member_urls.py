"""Routes of BPJS's member lists and claims, included by bpjs.urls under /bpjs/."""

from django.urls import URLPattern, path

from peduli.bpjs import claim_views, member_views

urlpatterns: list[URLPattern] = [
    path("peserta/", member_views.member_list, name="member_list"),
    path("peserta/per-desa/", member_views.member_count_list, name="member_count_list"),
    *member_views.member_wizard.urlpatterns("peserta/impor/"),
    *member_views.member_count_wizard.urlpatterns("peserta/per-desa/impor/"),
    path("klaim/", claim_views.claim_list, name="claim_list"),
    path("klaim/baru/", claim_views.claim_create, name="claim_create"),
    path("klaim/manfaat/", claim_views.claim_impact, name="claim_impact"),
    path("klaim/<int:pk>/", claim_views.claim_detail, name="claim_detail"),
    path("klaim/<int:pk>/ubah/", claim_views.claim_edit, name="claim_edit"),
    *claim_views.claim_wizard.urlpatterns("klaim/impor/"),
]
