"""Registry persons offered by a record picker (`core.widgets.RecordPicker`): found as
the registry's search finds them, labelled the way an officer recognises them (names as
written, birth date, nationality, owner and reference)."""

from __future__ import annotations

from dataclasses import dataclass

from liaison.registry.models import Person
from liaison.registry.selectors import persons_search, persons_visible

PICKER_SIZE = 10


@dataclass(frozen=True)
class Option:
    value: int
    label: str
    detail: str = ""

    @property
    def text(self) -> str:
        return " — ".join(filter(None, (self.label, self.detail)))


def _person_option(person: Person) -> Option:
    names = [n.text for n in person.names.all()]
    nationalities = ", ".join(c.pk for c in person.nationalities.all())
    parts = (person.birth_date_text, nationalities, person.owner_agency.display_name, person.ref)
    label = " · ".join(names[:2]) if names else person.ref
    return Option(person.pk, label, " · ".join(part for part in parts if part))


def person_options(*, user, q: str) -> list[Option]:
    """The first persons the user may see matching `q`, newest first."""
    persons = persons_search(user=user, q=q).order_by("-pk")[:PICKER_SIZE]
    return [_person_option(person) for person in persons]


def person_label(*, user, pk: int) -> str | None:
    person = persons_visible(user=user).filter(pk=pk).first()
    return None if person is None else _person_option(person).text
