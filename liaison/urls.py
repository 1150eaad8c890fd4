from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

urlpatterns = [
    path("", include("liaison.agencies.urls")),
    path("audit/", include("liaison.core.urls")),
    path("exchange/", include("liaison.exchange.urls")),
    path("registry/", include("liaison.registry.urls")),
    path("cases/", include("liaison.cases.urls")),
    path("seizures/", include("liaison.seizures.urls")),
    path("cooperation/", include("liaison.cooperation.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/", include("liaison.api_urls")),
]

handler404 = "liaison.core.views.page_not_found"
handler403 = "liaison.core.views.permission_denied"
handler500 = "liaison.core.views.server_error"
