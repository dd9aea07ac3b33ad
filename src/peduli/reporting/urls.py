"""Reporting pages, one URL module per sub-domain."""

from peduli.reporting.baselines import urls as baseline_urls
from peduli.reporting.dashboards import urls as dashboard_urls
from peduli.reporting.exports import urls as export_urls
from peduli.reporting.monthly_reports import urls as monthly_report_urls

app_name = "reporting"
urlpatterns = [
    *dashboard_urls.urlpatterns,
    *monthly_report_urls.urlpatterns,
    *export_urls.urlpatterns,
    *baseline_urls.urlpatterns,
]
