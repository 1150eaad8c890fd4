"""Agencies endpoints under /api/v1/."""

from rest_framework.routers import SimpleRouter

from liaison.agencies.api import views

router = SimpleRouter()
router.register("countries", views.CountryViewSet, basename="api-country")
router.register("areas", views.AreaViewSet, basename="api-area")
router.register("agencies", views.AgencyViewSet, basename="api-agency")
router.register("partnerships", views.PartnershipViewSet, basename="api-partnership")
router.register("users", views.UserViewSet, basename="api-user")

urlpatterns = router.urls
