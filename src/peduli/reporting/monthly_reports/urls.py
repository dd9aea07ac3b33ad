from django.urls import path

from peduli.reporting.monthly_reports import views

urlpatterns = [
    path("bulanan/", views.monthly_report_board, name="monthly_report_list"),
    path("bulanan/ingatkan/", views.monthly_report_remind_all, name="monthly_report_remind_all"),
    path("bulanan/<int:agency_pk>/<str:month>/", views.monthly_report_detail, name="monthly_report_detail"),
    path("bulanan/<int:agency_pk>/<str:month>/terima/", views.monthly_report_accept, name="monthly_report_accept"),
    path("bulanan/<int:agency_pk>/<str:month>/kembalikan/", views.monthly_report_return, name="monthly_report_return"),
    path("bulanan/<int:agency_pk>/<str:month>/ingatkan/", views.monthly_report_remind, name="monthly_report_remind"),
    path("bulanan/<int:agency_pk>/<str:month>/pdf/", views.monthly_report_pdf, name="monthly_report_pdf"),
]
