"""Seizure ledger pages (included by seizures/urls.py)."""

from django.urls import path

from liaison.seizures.views import exports, imports, incidents, ledger

urlpatterns = [
    path("", ledger.ledger, name="seizures_ledger"),
    path("areas/", ledger.area_options, name="seizures_area_options"),
    path("incidents/new/", incidents.incident_create, name="seizures_incident_create"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="seizures_incident"),
    path("incidents/<int:pk>/edit/", incidents.incident_edit, name="seizures_incident_edit"),
    path("incidents/<int:pk>/cancel/", incidents.incident_cancel, name="seizures_incident_cancel"),
    path("import/", imports.import_upload, name="seizures_import"),
    path("export/<str:layout>.<str:fmt>", exports.export, name="seizures_export"),
]
