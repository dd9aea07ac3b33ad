"""Reporting pages, one URL module per sub-domain."""

from peduli.reporting import baseline_urls, dashboard_urls, export_urls, monthly_report_urls

app_name = "reporting"
urlpatterns = [
    *dashboard_urls.urlpatterns,
    *monthly_report_urls.urlpatterns,
    *export_urls.urlpatterns,
    *baseline_urls.urlpatterns,
]
