"""Core API: token sign-in and sign-out, the audit trail and its verification."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from liaison.agencies.authentication import (
    LoginThrottled,
    check_credentials,
    check_second_factor,
    record_login,
)
from liaison.core.api.filters import AuditEventFilter
from liaison.core.api.pagination import SeqCursorPagination
from liaison.core.api.permissions import IsAuditorOrPlatformAdmin
from liaison.core.api.serializers import (
    AuditEventSerializer,
    AuditVerifySerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from liaison.core.api.services import token_issue, token_revoke
from liaison.core.api.viewsets import LiaisonAPIView, ScopedReadOnlyModelViewSet
from liaison.core.audit.verify import verify_trail
from liaison.core.middleware import client_ip
from liaison.core.models import AuditEvent


class TokenView(LiaisonAPIView):
    """POST: exchange username + password (+ one-time code) for the user's API token.
    DELETE: revoke the caller's token."""

    serializer_class = TokenRequestSerializer
    throttle_scope = "token"

    def _is_sign_in(self) -> bool:
        # as_view() sets self.request (the Django request) before authenticators are built;
        # schema generation may ask before there is any request.
        request = getattr(self, "request", None)
        return request is not None and request.method == "POST"

    def get_authenticators(self):
        # Signing in must not depend on (or trip over) a stale token or session cookie.
        if self._is_sign_in():
            return []
        return [TokenAuthentication(), SessionAuthentication()]

    def get_permissions(self):
        return [AllowAny()] if self._is_sign_in() else [IsAuthenticated()]

    def get_throttles(self):
        # per-address rate limit on top of the per-user lockout of check_credentials
        return [ScopedRateThrottle()] if self._is_sign_in() else []

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description="Wrong credentials or missing/wrong code."),
            429: OpenApiResponse(description="Too many failed attempts."),
        },
        auth=[],
    )
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        ip = client_ip(request._request)
        try:
            user = check_credentials(
                request=request._request,
                username=form.validated_data["username"],
                password=form.validated_data["password"],
                ip=ip,
            )
            if user is None:
                # generic on purpose: never say whether the username exists
                raise exceptions.ValidationError(
                    {
                        "non_field_errors": [
                            _("Unable to sign in with the given username and password.")
                        ]
                    }
                )
            self._check_second_factor(user, form.validated_data.get("otp", ""), ip)
        except LoginThrottled:
            raise exceptions.Throttled(
                detail=_("Too many failed sign-in attempts. Please try again later.")
            ) from None
        token, _created = token_issue(actor=user, user=user, via="api")
        record_login(user=user, ip=ip, method="token")
        return Response(TokenSerializer({"token": token.key}).data)

    @staticmethod
    def _check_second_factor(user, otp: str, ip: str | None) -> None:
        """Wrong codes count toward the same lockout as wrong passwords."""
        if user.totp_enabled:
            if not otp:
                raise exceptions.ValidationError(
                    {"otp": [_("Enter the six-digit code from your authenticator app.")]}
                )
            if not check_second_factor(user=user, code=otp, ip=ip):
                raise exceptions.ValidationError(
                    {"otp": [_("The code is not correct. Check the time on your phone.")]}
                )
        elif user.agency.require_totp:
            raise exceptions.ValidationError(
                {
                    "otp": [
                        _(
                            "Your agency requires a second factor. Set it up in the web "
                            "interface before requesting an API token."
                        )
                    ]
                }
            )

    @extend_schema(operation_id="auth_token_destroy", request=None, responses={204: None})
    def delete(self, request):
        token_revoke(actor=request.user, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(
        summary="Audit trail, newest first",
        description="Auditors see their own country's events, platform administrators "
        "all. Cursor-paginated by sequence number.",
    ),
    retrieve=extend_schema(summary="One audit event"),
)
class AuditEventViewSet(ScopedReadOnlyModelViewSet):
    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventSerializer
    permission_classes = [IsAuditorOrPlatformAdmin]
    pagination_class = SeqCursorPagination
    filterset_class = AuditEventFilter

    @extend_schema(
        summary="Verify the hash chain of the whole audit trail",
        responses=AuditVerifySerializer,
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def verify(self, request):
        checked, problems = verify_trail()
        payload = {
            "checked": checked,
            "problems": [{"seq": p.seq, "kind": p.kind, "detail": p.detail} for p in problems],
        }
        return Response(AuditVerifySerializer(payload).data)
