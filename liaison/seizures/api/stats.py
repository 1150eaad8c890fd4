"""GET /api/v1/seizures/statistics/: the grouped totals of the ledger as JSON.

The same `selectors_stats.statistics()` as the page and the CLI; query parameters are
the ledger filter's (`from`, `to`, `country`, `province`, `district`, `agency`, `drug`,
`modus`, `origin`, `destination`, `case`) plus `by` and `period`.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from liaison.core.api.viewsets import LiaisonAPIView
from liaison.seizures import selectors
from liaison.seizures.api.filters import LEDGER_PARAMETERS
from liaison.seizures.selectors_stats import (
    DIMENSIONS,
    StatsQuery,
    StatsResult,
    statistics,
)
from liaison.seizures.stats_shape import PERIODS, Totals


class SeizureTotalsSerializer(serializers.Serializer):
    incidents = serializers.IntegerField()
    arrested = serializers.IntegerField(help_text="Persons arrested.")
    arrested_by_nationality = serializers.DictField(
        child=serializers.IntegerField(), help_text="ISO alpha-2 nationality -> persons."
    )
    kg = serializers.DecimalField(
        max_digits=22, decimal_places=3, help_text="Seized normalized kg."
    )
    quantities = serializers.DictField(
        child=serializers.DecimalField(max_digits=22, decimal_places=3),
        help_text="Quantities in the units as recorded: unit -> quantity.",
    )


class SeizureStatsGroupSerializer(SeizureTotalsSerializer):
    key = serializers.DictField(
        child=serializers.CharField(allow_null=True),
        help_text="One value per grouping (ids for province/district/agency/case, codes "
        "otherwise; period as 2024, 2024-H1, 2024-Q1 or 2024-01).",
    )
    labels = serializers.DictField(child=serializers.CharField(), help_text="Names as written.")
    previous = SeizureTotalsSerializer(
        allow_null=True,
        help_text="The same group in the previous period (the period before, when grouped "
        "by period; else the range of the same length just before).",
    )


class SeizureStatsRangeSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class SeizureStatisticsSerializer(serializers.Serializer):
    by = serializers.ListField(child=serializers.ChoiceField(choices=DIMENSIONS))
    period = serializers.ChoiceField(choices=PERIODS)
    source = serializers.ChoiceField(
        choices=["rollup", "ledger"], help_text="Computed from the monthly roll-up or the ledger."
    )
    previous_range = SeizureStatsRangeSerializer(allow_null=True)
    total = SeizureTotalsSerializer()
    previous_total = SeizureTotalsSerializer(allow_null=True)
    groups = SeizureStatsGroupSerializer(many=True)


def _totals(totals: Totals | None) -> dict | None:
    return None if totals is None else totals.as_dict()


def statistics_payload(result: StatsResult) -> dict:
    by = result.query.by
    return {
        "by": list(by),
        "period": result.query.period,
        "source": result.source,
        "previous_range": None
        if result.previous_range is None
        else {"start": result.previous_range[0], "end": result.previous_range[1]},
        "total": _totals(result.total),
        "previous_total": _totals(result.previous_total),
        "groups": [
            {
                "key": dict(zip(by, row.key, strict=True)),
                "labels": dict(zip(by, row.labels, strict=True)),
                **row.totals.as_dict(),
                "previous": _totals(row.previous),
            }
            for row in result.rows
        ],
    }


def _param(name: str, description: str, **kwargs) -> OpenApiParameter:
    return OpenApiParameter(name=name, type=OpenApiTypes.STR, description=description, **kwargs)


PARAMETERS = [
    _param("by", f"Comma-separated groupings, at most 4, of: {', '.join(DIMENSIONS)}."),
    _param("period", "month, quarter, half or year (default year).", enum=list(PERIODS)),
    *LEDGER_PARAMETERS,
]


class SeizureStatisticsView(LiaisonAPIView):
    """Totals of incidents, persons arrested (by nationality) and seized kg (and the
    quantities as recorded) over the incidents you may see, grouped and filtered."""

    @extend_schema(
        summary="Grouped totals of the seizure ledger, with the previous period",
        parameters=PARAMETERS,
        responses={
            200: SeizureStatisticsSerializer,
            400: OpenApiResponse(description="Field errors: `{field: [messages]}`."),
            404: OpenApiResponse(description="A filter names a case outside your scope."),
        },
    )
    def get(self, request: Request) -> Response:
        query = StatsQuery.from_params(request.query_params)
        selectors.check_filter_scope(user=request.user, flt=query.flt)
        result = statistics(user=request.user, query=query)
        return Response(SeizureStatisticsSerializer(statistics_payload(result)).data)
