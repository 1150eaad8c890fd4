"""GET /api/v1/seizures/map/: the map's clusters, points, province colours and hotspots.

The same `selectors_map.map_data()` as the map page's script. Query parameters: `zoom`
(3-18), `bbox` (west,south,east,north in degrees, as Leaflet's toBBoxString) and the
ledger filter's (`from`, `to`, `country`, `province`, `district`, `agency`, `drug`,
`modus`, `origin`, `destination`, `case`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from liaison.core.api.viewsets import LiaisonAPIView
from liaison.seizures import map_shape, selectors
from liaison.seizures.api.filters import LEDGER_PARAMETERS
from liaison.seizures.ledger_filter import LedgerFilter
from liaison.seizures.selectors_map import map_data


class MapTotalsSerializer(serializers.Serializer):
    incidents = serializers.IntegerField()
    kg = serializers.FloatField(help_text="Seized normalized kg.")


class MapProvinceSerializer(serializers.Serializer):
    shape = serializers.CharField(
        help_text="Feature id in the boundaries GeoJSON (an area code; old Vietnamese "
        "provinces add up on their successor's shape from 2025-07-01)."
    )
    count = serializers.IntegerField(help_text="Incidents.")
    kg = serializers.FloatField()
    # "class" is a Python keyword: declared through the fields mapping below
    colour = serializers.CharField(help_text="Fill colour, #rrggbb.")


MapProvinceSerializer._declared_fields["class"] = serializers.IntegerField(
    allow_null=True, help_text="Colour class (index into legend); null for no seizure."
)


class MapLegendSerializer(serializers.Serializer):
    min = serializers.FloatField()
    max = serializers.FloatField()
    colour = serializers.CharField()


class MapClusterSerializer(serializers.Serializer):
    lat = serializers.FloatField()
    lng = serializers.FloatField()
    count = serializers.IntegerField()
    kg = serializers.FloatField()
    shape = serializers.CharField(required=False, help_text="Province level: the shape.")
    cell = serializers.CharField(required=False, help_text="Grid level: 'row:column'.")


class MapPointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ref = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    lat = serializers.FloatField()
    lng = serializers.FloatField()
    kg = serializers.FloatField()
    url = serializers.CharField(help_text="The incident's page.")


class MapHotspotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    lat = serializers.FloatField()
    lng = serializers.FloatField()
    url = serializers.CharField(help_text="The registry location's page.")


class SeizureMapSerializer(serializers.Serializer):
    zoom = serializers.IntegerField()
    level = serializers.ChoiceField(
        choices=["province", "grid"],
        help_text=f"province below zoom {map_shape.GRID_FROM_ZOOM}, grid cells from it on.",
    )
    cell_size = serializers.FloatField(allow_null=True, help_text="Grid cell side, degrees.")
    edition = serializers.ChoiceField(
        choices=[map_shape.EDITION_BEFORE, map_shape.EDITION_FROM],
        help_text="Which province boundaries the figures are drawn on.",
    )
    totals = MapTotalsSerializer()
    provinces = MapProvinceSerializer(many=True)
    legend = MapLegendSerializer(many=True)
    clusters = MapClusterSerializer(many=True)
    points = MapPointSerializer(many=True, help_text="Incidents alone in their cell.")
    hotspots = MapHotspotSerializer(many=True)


PARAMETERS = [
    OpenApiParameter("zoom", OpenApiTypes.INT, description="Map zoom level, 3-18 (default 6)."),
    OpenApiParameter(
        "bbox",
        OpenApiTypes.STR,
        description="west,south,east,north in degrees (default: everywhere).",
    ),
    *LEDGER_PARAMETERS,
]


class SeizureMapView(LiaisonAPIView):
    """Incidents the caller may see, aggregated for one view of the map."""

    serializer_class = SeizureMapSerializer

    @extend_schema(
        operation_id="seizures_map",
        parameters=PARAMETERS,
        responses={
            200: SeizureMapSerializer,
            400: OpenApiResponse(description="A malformed parameter, keyed by its name."),
            404: OpenApiResponse(description="A case filter naming a case you may not see."),
        },
    )
    def get(self, request: Request) -> Response:
        errors: dict[str, str] = {}
        try:
            zoom = map_shape.parse_zoom(request.query_params.get("zoom"))
        except ValueError:
            errors["zoom"] = _("Enter a whole number.")
        try:
            bbox = map_shape.parse_bbox(request.query_params.get("bbox"))
        except ValueError:
            errors["bbox"] = _("Enter west,south,east,north in degrees.")
        try:
            flt = LedgerFilter.from_params(request.query_params)
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
        if errors:
            raise ValidationError(errors)
        selectors.check_filter_scope(user=request.user, flt=flt)
        return Response(map_data(user=request.user, flt=flt, zoom=zoom, bbox=bbox))
