"""Registry pages under /registry/."""

from django.urls import path

from liaison.registry.views import persons, screening

urlpatterns = [
    path("persons/", persons.person_list, name="registry_persons"),
    path("persons/new/", persons.person_create, name="registry_person_create"),
    path("persons/<int:pk>/", persons.person_detail, name="registry_person"),
    path("screen/", screening.screen, name="registry_screen"),
    path("screen/export/", screening.screen_export, name="registry_screen_export"),
]
