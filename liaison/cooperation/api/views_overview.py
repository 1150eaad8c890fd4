"""Cooperation API: the partnership overview (agreements, commitment states, activities,
conferences, live figures) and the calendar. Reads only, through `selectors`."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from liaison.agencies.models import Partnership
from liaison.cooperation import selectors
from liaison.cooperation.api import serializers as s
from liaison.cooperation.api.views import FROM, INVALID, NOT_FOUND, TO, _period
from liaison.cooperation.models import CommitmentStatus
from liaison.core.api.viewsets import LiaisonAPIMixin, LiaisonAPIView, ScopedQuerysetMixin

# --- partnerships and the calendar --------------------------------------------------------


def _jsonable(value):
    """Figures as JSON: decimals as strings (exact), dates as ISO."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


@extend_schema_view(
    list=extend_schema(summary="Partnerships whose cooperation you may see, with counts"),
    retrieve=extend_schema(
        summary="A partnership's agreements, commitment states, activities, conferences "
        "and live figures",
        description="`from`/`to` choose the period of the figures and activities "
        "(default: the current half-year).",
        parameters=[FROM, TO],
        responses={200: s.PartnershipOverviewSerializer, 400: INVALID, 404: NOT_FOUND},
    ),
)
class CooperationPartnershipViewSet(
    LiaisonAPIMixin,
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Partnership.objects.all()
    serializer_class = s.CooperationPartnershipSerializer
    filter_backends: list = []

    def restrict(self, queryset):
        return selectors.cooperation_partnerships(user=self.request.user)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        partnership = self.get_object()
        date_from, date_to = _period(request, selectors.current_half_year())
        today = timezone.localdate()
        agreements = list(
            selectors.agreement_list(user=request.user, partnership=partnership).prefetch_related(
                "texts", selectors.commitments_prefetch()
            )
        )
        commitments = [c for a in agreements for c in a.commitments.all()]
        states = dict(
            (c.pk, state)
            for c, state in selectors.commitment_states(commitments=commitments, today=today)
        )
        counts = dict.fromkeys(sorted(CommitmentStatus.values), 0)
        for state in states.values():
            counts[state.status] += 1
        for agreement in agreements:
            agreement.in_force = agreement.in_force_during(date_from, date_to)
        activities = selectors.activity_list(
            user=request.user, partnership=partnership, date_from=date_from, date_to=date_to
        ).prefetch_related("commitments", "documents")[:50]
        conferences = selectors.conference_list(user=request.user, partnership=partnership)[:50]
        figures = selectors.partnership_figures(
            user=request.user, partnership=partnership, date_from=date_from, date_to=date_to
        )
        context = {**self.get_serializer_context(), "states": states}
        payload = {
            "partnership": s.CooperationPartnershipSerializer(partnership).data,
            "period": {"date_from": date_from, "date_to": date_to},
            "agreements": s.AgreementWithCommitmentsSerializer(
                agreements, many=True, context=context
            ).data,
            "commitment_counts": counts,
            "recent_activities": s.ActivitySerializer(activities, many=True).data,
            "conferences": s.ConferenceSerializer(conferences, many=True).data,
            "figures": figures,
        }
        return Response(_jsonable(payload))


class CalendarView(LiaisonAPIView):
    """Upcoming conferences and commitments falling due."""

    @extend_schema(
        summary="Conferences and open commitments falling due in a period",
        description="Default period: today and the next 90 days.",
        parameters=[FROM, TO],
        responses={200: s.CalendarSerializer, 400: INVALID},
    )
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        date_from, date_to = _period(request, (today, today + timedelta(days=90)))
        found = selectors.calendar(user=request.user, date_from=date_from, date_to=date_to)
        due = found["commitments_due"]
        context = {"request": request, "states": {c.pk: state for c, state in due}}
        return Response(
            {
                "period": {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()},
                "conferences": s.ConferenceSerializer(found["conferences"], many=True).data,
                "commitments_due": s.CommitmentSerializer(
                    [c for c, _state in due], many=True, context=context
                ).data,
            }
        )
