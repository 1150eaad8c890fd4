"""Joint case endpoints under /api/v1/cases/."""

from rest_framework.routers import SimpleRouter

from liaison.cases.api import views

router = SimpleRouter()
router.register("tasks", views.MyTaskViewSet, basename="api-cases-task")
router.register("", views.CaseViewSet, basename="api-cases-case")

urlpatterns = router.urls
