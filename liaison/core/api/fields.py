"""Serializer fields that respect the caller's scope."""

from __future__ import annotations

from rest_framework import serializers


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related record chosen by id among those `visible_to(request.user)`.

    An id outside the caller's scope gets the same "does not exist" error as an id that
    does not exist at all, so a write cannot be used to probe for hidden records. The
    related model's queryset must provide `visible_to(user)`.
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        return queryset.visible_to(getattr(request, "user", None))
