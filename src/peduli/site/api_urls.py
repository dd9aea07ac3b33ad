from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from peduli.accounts.api import SignedInSessionViewSet, TokenIssueView, TokenViewSet
from peduli.agencies.api import AgencyViewSet, CivilServantViewSet, RosterImportViewSet
from peduli.api.routers import IdRouter
from peduli.bpjs.claim_api import ClaimViewSet
from peduli.bpjs.member_api import MemberCountViewSet, MemberViewSet
from peduli.bpjs.registration_api import RegistrationBatchViewSet, RegistrationTemplateViewSet
from peduli.imports.api import ImportBatchViewSet
from peduli.ledger.api import ArrearsViewSet, DueViewSet, PaymentViewSet, RemittanceViewSet
from peduli.ledger.calendar_api import DayOffViewSet
from peduli.ledger.reconciliation_api import ReconciliationDifferenceViewSet, remittance_reconciliation_urls
from peduli.notifications.api import NotificationViewSet
from peduli.planner.api import ScenarioViewSet
from peduli.regions.api import BoundaryViewSet, RegionViewSet
from peduli.reporting.baselines.api import InformalWorkerBaselineViewSet, TargetViewSet
from peduli.reporting.coverage.api import MonthlyReportDocumentView
from peduli.reporting.exports.open_data_api import open_data_urls
from peduli.reporting.monthly_reports.api import MonthlyReportViewSet
from peduli.sponsorships.api import SponsorshipViewSet, SponsorViewSet
from peduli.users.api import ActivationView, CivilServantAccountViewSet, UserViewSet
from peduli.workers.api import DuplicateFlagViewSet, WorkerViewSet

app_name = "api"
router = IdRouter()
router.register("auth/tokens", TokenViewSet, basename="api-token")
router.register("auth/sessions", SignedInSessionViewSet, basename="signed-in-session")
router.register("civil-servant-accounts", CivilServantAccountViewSet, basename="civil-servant-account")
router.register("users", UserViewSet, basename="user")
router.register("regions", RegionViewSet, basename="region")
router.register("boundaries", BoundaryViewSet, basename="boundary")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("civil-servants", CivilServantViewSet, basename="civil-servant")
router.register("roster-imports", RosterImportViewSet, basename="roster-import")
router.register("workers", WorkerViewSet, basename="worker")
router.register("duplicate-flags", DuplicateFlagViewSet, basename="duplicate-flag")
router.register("imports", ImportBatchViewSet, basename="import")
router.register("sponsors", SponsorViewSet, basename="sponsor")
router.register("sponsorships", SponsorshipViewSet, basename="sponsorship")
router.register("dues", DueViewSet, basename="due")
router.register("payments", PaymentViewSet, basename="payment")
router.register("remittances", RemittanceViewSet, basename="remittance")
router.register("arrears", ArrearsViewSet, basename="arrears")
router.register("days-off", DayOffViewSet, basename="day-off")
router.register("reconciliation-differences", ReconciliationDifferenceViewSet, basename="reconciliation-difference")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("planner-scenarios", ScenarioViewSet, basename="planner-scenario")
router.register("bpjs-registration-batches", RegistrationBatchViewSet, basename="bpjs-registration-batch")
router.register("bpjs-registration-templates", RegistrationTemplateViewSet, basename="bpjs-registration-template")
router.register("bpjs-members", MemberViewSet, basename="bpjs-member")
router.register("bpjs-member-counts", MemberCountViewSet, basename="bpjs-member-count")
router.register("bpjs-claims", ClaimViewSet, basename="bpjs-claim")
router.register("informal-worker-baselines", InformalWorkerBaselineViewSet, basename="informal-worker-baseline")
router.register("targets", TargetViewSet, basename="target")
router.register("monthly-reports", MonthlyReportViewSet, basename="monthly-report")

urlpatterns = [
    re_path(r"^v1/reports/monthly/?$", MonthlyReportDocumentView.as_view(), name="reports-monthly"),
    path("v1/", include(router.urls)),
    path("v1/", include(remittance_reconciliation_urls)),
    path("v1/", include(open_data_urls)),
    path("v1/auth/token/", TokenIssueView.as_view(), name="token"),
    path("v1/auth/activate/", ActivationView.as_view(), name="activate"),
    # For logged-in users only (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]); the
    # page's script is a file of its own, as the Content-Security-Policy asks.
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
]
