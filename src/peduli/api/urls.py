from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from peduli.agencies.api import AgencyViewSet, CivilServantViewSet, RosterImportViewSet
from peduli.imports.api import ImportBatchViewSet
from peduli.ledger.api import ArrearsViewSet, DueViewSet, PaymentViewSet, RemittanceViewSet
from peduli.notifications.api import NotificationViewSet
from peduli.regions.api import RegionViewSet
from peduli.sponsorships.api import SponsorshipViewSet, SponsorViewSet
from peduli.workers.api import DuplicateFlagViewSet, WorkerViewSet

app_name = "api"
router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
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
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/auth/token/", obtain_auth_token, name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
