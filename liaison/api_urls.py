"""All JSON endpoints under /api/v1/, the OpenAPI schema and offline docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("v1/", include("liaison.agencies.api.urls")),
    path("v1/", include("liaison.core.api.urls")),
    path("v1/", include("liaison.exchange.api.urls")),
    path("v1/registry/", include("liaison.registry.api.urls")),
    path("v1/cases/", include("liaison.cases.api.urls")),
    path("v1/seizures/", include("liaison.seizures.api.urls")),
    path("v1/cooperation/", include("liaison.cooperation.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
