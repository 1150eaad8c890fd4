"""The JSON API's shared parts: base viewsets, permissions, errors, pagination, tokens.

Every app's `api/` subclasses `ScopedReadOnlyModelViewSet` or `ScopedModelViewSet` from
`liaison.core.api.viewsets`; see that module for the three rules they enforce.
"""
