"""Base classes for every app's API (agencies now; exchange, registry, cases, ... later).

Three rules, enforced here so that subclasses cannot forget them:

1. **One restriction for UI and API** (as NetBox does): `get_queryset()` starts from the
   viewset's `queryset` narrowed by the model's `visible_to(request.user)`. Lists never
   contain out-of-scope records and detail routes answer 404 JSON for them, exactly
   like a missing id. Override `restrict()` only for reference data without a scope.
2. **Writes go through services**: `perform_create` / `perform_update` call
   `create_object(data)` / `update_object(instance, data)`, which a subclass implements
   with its app's `services.py` function. `serializer.save()` is never called.
3. **Service errors become JSON**: a `ValidationError` keyed by field becomes 400
   ``{"field": [...]}``, `PermissionDenied` 403 with the service's message.

Also, a token client that sends no Accept-Language gets messages in the language in
its user profile (the browser UI does the same through the session).

Example::

    class SeizureViewSet(ScopedModelViewSet):
        queryset = Incident.objects.select_related("agency")
        serializer_class = IncidentSerializer
        filterset_class = IncidentFilter

        def create_object(self, data):
            return services.incident_create(actor=self.request.user, **data)

        def update_object(self, instance, data):
            return services.incident_update(actor=self.request.user, incident=instance, **data)
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from rest_framework import exceptions, mixins, viewsets
from rest_framework.views import APIView

from liaison.core.api.errors import to_api_exception


def activate_user_language(request) -> None:
    """Use the user's profile language unless the client asked for one explicitly."""
    django_request = getattr(request, "_request", request)
    if django_request.META.get("HTTP_ACCEPT_LANGUAGE") or django_request.COOKIES.get(
        settings.LANGUAGE_COOKIE_NAME
    ):
        return  # LocaleMiddleware already honoured the client's choice
    user = getattr(request, "user", None)
    language = getattr(user, "language", "") if user is not None else ""
    if user is not None and user.is_authenticated and language in dict(settings.LANGUAGES):
        translation.activate(language)
        django_request.LANGUAGE_CODE = language


class LiaisonAPIMixin:
    """Language and error handling shared by every Liaison API view."""

    def perform_authentication(self, request) -> None:
        super().perform_authentication(request)
        # before permissions and throttles, so their messages are translated too
        activate_user_language(request)

    def handle_exception(self, exc: Exception):
        return super().handle_exception(to_api_exception(exc))


class LiaisonAPIView(LiaisonAPIMixin, APIView):
    """For endpoints that are not about one model (tokens, checks)."""


class ScopedQuerysetMixin:
    """`get_queryset()` = the declared queryset narrowed to what the caller may see."""

    queryset: models.QuerySet

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return queryset.none()
        return self.restrict(queryset)

    def restrict(self, queryset: models.QuerySet) -> models.QuerySet:
        return queryset.visible_to(self.request.user)


class ServiceWriteMixin:
    """Routes DRF's create/update through the app's services."""

    def perform_create(self, serializer) -> None:
        serializer.instance = self.create_object(dict(serializer.validated_data))

    def perform_update(self, serializer) -> None:
        serializer.instance = self.update_object(
            serializer.instance, dict(serializer.validated_data)
        )

    # A viewset writes only through a service it names by overriding these; one that
    # does not route a write does not allow it (405), rather than saving unaudited.
    def create_object(self, data: dict[str, Any]) -> models.Model:
        raise exceptions.MethodNotAllowed(self.request.method)

    def update_object(self, instance: models.Model, data: dict[str, Any]) -> models.Model:
        raise exceptions.MethodNotAllowed(self.request.method)


class ScopedReadOnlyModelViewSet(
    LiaisonAPIMixin, ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet
):
    """List and detail of the records the caller may see."""


class ScopedModelViewSet(
    LiaisonAPIMixin,
    ScopedQuerysetMixin,
    ServiceWriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, detail, create and update through services. No delete unless a subclass
    adds `DestroyModelMixin` and a `perform_destroy` that calls a service."""
