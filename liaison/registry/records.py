"""Between the database and the pure matching engine: a Person as a PersonRecord."""

from __future__ import annotations

import datetime

from liaison.registry.matching import Document, PartialDate, PersonRecord, person_record
from liaison.registry.models import Person


def partial_date(day: datetime.date | None, precision: str) -> PartialDate | None:
    """A stored birth date at its precision (unknown parts are stored as 1)."""
    if day is None:
        return None
    if precision == Person.Precision.YEAR:
        return PartialDate(day.year)
    if precision == Person.Precision.MONTH:
        return PartialDate(day.year, day.month)
    return PartialDate(day.year, day.month, day.day)


def record_of(person: Person) -> PersonRecord:
    """The matcher's view of a person; expects names, documents and nationalities
    prefetched (see services._refresh_keys)."""
    return person_record(
        id=person.pk,
        names=[name.text for name in person.names.all()],
        birth_date=partial_date(person.birth_date, person.birth_date_precision),
        nationalities=[country.pk for country in person.nationalities.all()],
        sex=person.sex or None,
        documents=[
            Document(type=doc.type, number=doc.number, country=doc.country_id)
            for doc in person.documents.all()
        ],
    )
