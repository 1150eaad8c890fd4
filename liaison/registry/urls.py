"""Registry pages under /registry/."""

from django.urls import path

from liaison.registry.views import hits, persons, records, screening
from liaison.registry.views.kinds import KINDS

urlpatterns = [
    path("persons/", persons.person_list, name="registry_persons"),
    path("persons/new/", persons.person_create, name="registry_person_create"),
    path("persons/options/", persons.person_options, name="registry_person_options"),
    path("persons/<int:pk>/", persons.person_detail, name="registry_person"),
    path("persons/<int:pk>/edit/", persons.person_edit, name="registry_person_edit"),
    path("screen/", screening.screen, name="registry_screen"),
    path("screen/export/", screening.screen_export, name="registry_screen_export"),
    path("hits/", hits.hit_list, name="registry_hits"),
]

# organisations, vehicles, phones, locations and relationships: one set of views each,
# e.g. /registry/vehicles/ "registry_vehicles", /registry/vehicles/3/ "registry_vehicle"
for _name, _spec in KINDS.items():
    _kw = {"kind": _name}
    urlpatterns += [
        path(f"{_spec.plural}/", records.record_list, _kw, name=f"registry_{_spec.plural}"),
        path(f"{_spec.plural}/new/", records.record_create, _kw, name=f"registry_{_name}_create"),
        path(f"{_spec.plural}/<int:pk>/", records.record_detail, _kw, name=f"registry_{_name}"),
        path(
            f"{_spec.plural}/<int:pk>/edit/",
            records.record_edit,
            _kw,
            name=f"registry_{_name}_edit",
        ),
        path(
            f"{_spec.plural}/<int:pk>/cancel/",
            records.record_cancel,
            _kw,
            name=f"registry_{_name}_cancel",
        ),
    ]
