"""Joint case pages under /cases/."""

from django.urls import path

from liaison.cases.views import cases, parts, tasks

urlpatterns = [
    path("", cases.case_list, name="cases_list"),
    path("new/", cases.case_create, name="cases_create"),
    path("tasks/", tasks.my_tasks, name="cases_my_tasks"),
    path("<int:pk>/", cases.case_detail, name="cases_detail"),
    path("<int:pk>/edit/", cases.case_edit, name="cases_edit"),
    path("<int:pk>/status/", cases.case_status, name="cases_status"),
    path("<int:pk>/participants/add/", parts.participant_add, name="cases_participant_add"),
    path(
        "<int:pk>/participants/<int:agency_pk>/remove/",
        parts.participant_remove,
        name="cases_participant_remove",
    ),
    path("<int:pk>/persons/add/", parts.person_link, name="cases_person_link"),
    path("<int:pk>/persons/<int:link_pk>/remove/", parts.person_unlink, name="cases_person_unlink"),
    path("<int:pk>/organisations/add/", parts.organisation_link, name="cases_organisation_link"),
    path(
        "<int:pk>/organisations/<int:link_pk>/remove/",
        parts.organisation_unlink,
        name="cases_organisation_unlink",
    ),
    path("<int:pk>/events/add/", parts.event_add, name="cases_event_add"),
    path("<int:pk>/tasks/add/", parts.task_add, name="cases_task_add"),
    path("<int:pk>/tasks/<int:task_pk>/edit/", parts.task_edit, name="cases_task_edit"),
    path("<int:pk>/messages/add/", parts.message_link, name="cases_message_link"),
    path("<int:pk>/messages/options/", parts.message_options, name="cases_message_options"),
    path(
        "<int:pk>/messages/<int:message_pk>/remove/",
        parts.message_unlink,
        name="cases_message_unlink",
    ),
    path(
        "from-message/<int:message_pk>/",
        parts.link_from_message,
        name="cases_link_from_message",
    ),
]
