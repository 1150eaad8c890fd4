"""The ledger filter's query parameters, documented for OpenAPI (parsed by LedgerFilter)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from liaison.seizures.models import DrugType, Modus

_LIST = " Several values: comma-separated or the parameter repeated."

LEDGER_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day (YYYY-MM-DD)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (YYYY-MM-DD)."),
    OpenApiParameter("country", str, description="ISO alpha-2 code of the place." + _LIST),
    OpenApiParameter("province", str, description="Area id of the province." + _LIST),
    OpenApiParameter("district", str, description="Area id of the district." + _LIST),
    OpenApiParameter("agency", str, description="Recording agency id." + _LIST),
    OpenApiParameter(
        "drug", str, description="Drug type: " + ", ".join(DrugType.values) + "." + _LIST
    ),
    OpenApiParameter("modus", str, description=", ".join(Modus.values) + "." + _LIST),
    OpenApiParameter("origin", str, description="Origin country, alpha-2." + _LIST),
    OpenApiParameter("destination", str, description="Destination country, alpha-2." + _LIST),
    OpenApiParameter(
        "case",
        str,
        description="Joint case id; a case you may not see answers 404." + _LIST,
    ),
]

EXPORT_PARAMETERS = [
    OpenApiParameter(
        "layout",
        str,
        enum=["ledger", "ids", "arq"],
        default="ledger",
        description="ledger: every column, one row per seized item; ids: UNODC "
        "Individual Drug Seizure columns; arq: annual roll-up per year and drug.",
    ),
    OpenApiParameter("file_type", str, enum=["csv", "xlsx"], default="csv"),
]
