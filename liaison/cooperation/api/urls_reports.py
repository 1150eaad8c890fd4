"""Review-report jobs under /api/v1/cooperation/reports/."""

from rest_framework.routers import SimpleRouter

from liaison.cooperation.api.reports import ReviewReportViewSet

router = SimpleRouter()
router.register("", ReviewReportViewSet, basename="api-cooperation-report")

urlpatterns = router.urls
