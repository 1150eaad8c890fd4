"""Registry endpoints under /api/v1/registry/."""

from rest_framework.routers import SimpleRouter

from liaison.registry.api import views

router = SimpleRouter()
router.register("persons", views.PersonViewSet, basename="api-registry-person")

urlpatterns = router.urls
