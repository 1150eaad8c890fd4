"""Registry endpoints under /api/v1/registry/."""

from rest_framework.routers import SimpleRouter

from liaison.registry.api import views, views_hits, views_records

router = SimpleRouter()
router.register("persons", views.PersonViewSet, basename="api-registry-person")
router.register(
    "organisations", views_records.OrganisationViewSet, basename="api-registry-organisation"
)
router.register("vehicles", views_records.VehicleViewSet, basename="api-registry-vehicle")
router.register("phones", views_records.PhoneViewSet, basename="api-registry-phone")
router.register("locations", views_records.LocationViewSet, basename="api-registry-location")
router.register(
    "relationships", views_records.RelationshipViewSet, basename="api-registry-relationship"
)
router.register("hits", views_hits.HitViewSet, basename="api-registry-hit")

urlpatterns = router.urls
