"""Agreements, commitments, activities, conferences, the calendar, partnership pages."""

from django.urls import path

from liaison.cooperation.views import activities, conferences, partnerships, records

urlpatterns = [
    path("", partnerships.partnership_list, name="cooperation_partnerships"),
    path("calendar/", partnerships.calendar, name="cooperation_calendar"),
    path("partnerships/<int:pk>/", partnerships.partnership_detail, name="cooperation_partnership"),
    # agreements, their signed texts and commitments
    path(
        "partnerships/<int:pk>/agreements/new/",
        records.agreement_create,
        name="cooperation_agreement_create",
    ),
    path("agreements/<int:pk>/", records.agreement_detail, name="cooperation_agreement"),
    path("agreements/<int:pk>/edit/", records.agreement_edit, name="cooperation_agreement_edit"),
    path(
        "agreements/<int:pk>/texts/add/",
        records.agreement_text_add,
        name="cooperation_agreement_text_add",
    ),
    path(
        "texts/<int:pk>/",
        records.agreement_text_download,
        name="cooperation_agreement_text",
    ),
    path(
        "agreements/<int:pk>/commitments/new/",
        records.commitment_create,
        name="cooperation_commitment_create",
    ),
    path("commitments/<int:pk>/edit/", records.commitment_edit, name="cooperation_commitment_edit"),
    path(
        "commitments/<int:pk>/status/",
        records.commitment_status,
        name="cooperation_commitment_status",
    ),
    # activities
    path("activities/", activities.activity_list, name="cooperation_activities"),
    path(
        "partnerships/<int:pk>/activities/new/",
        activities.activity_create,
        name="cooperation_activity_create",
    ),
    path("activities/<int:pk>/", activities.activity_detail, name="cooperation_activity"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="cooperation_activity_edit"),
    path(
        "activities/<int:pk>/documents/add/",
        activities.activity_document_add,
        name="cooperation_activity_document_add",
    ),
    path(
        "documents/<int:pk>/",
        activities.activity_document_download,
        name="cooperation_activity_document",
    ),
    # conferences and delegations
    path("conferences/", conferences.conference_list, name="cooperation_conferences"),
    path(
        "partnerships/<int:pk>/conferences/new/",
        conferences.conference_create,
        name="cooperation_conference_create",
    ),
    path("conferences/<int:pk>/", conferences.conference_detail, name="cooperation_conference"),
    path(
        "conferences/<int:pk>/edit/",
        conferences.conference_edit,
        name="cooperation_conference_edit",
    ),
    path(
        "conferences/<int:pk>/delegations/add/",
        conferences.delegation_add,
        name="cooperation_delegation_add",
    ),
    path(
        "delegations/<int:pk>/edit/",
        conferences.delegation_edit,
        name="cooperation_delegation_edit",
    ),
    path(
        "delegations/<int:pk>/remove/",
        conferences.delegation_remove,
        name="cooperation_delegation_remove",
    ),
]
